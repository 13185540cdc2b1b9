using System.Net;

namespace EduPlatform.Gateway.Configuration;

/// <summary>Parses a <c>Gateway:TrustedProxies</c> entry: one address (a /32 or /128 network) or a CIDR network.</summary>
public static class TrustedProxy
{
    public static bool TryParse(string value, out IPNetwork network)
    {
        if (IPAddress.TryParse(value, out var address))
        {
            network = new IPNetwork(address, address.GetAddressBytes().Length * 8);
            return true;
        }

        return IPNetwork.TryParse(value, out network);
    }
}
