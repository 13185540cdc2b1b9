using EduPlatform.Platform.Hosting.Problems;

namespace EduPlatform.Platform.Modules.Users;

public sealed record LoginRequest(string? Email, string? Password)
{
    public ValidationErrors Validate() => new ValidationErrors()
        .Require(!string.IsNullOrWhiteSpace(Email) && Email.Length <= 254, "email", "An email of at most 254 characters is required.")
        .Require(!string.IsNullOrEmpty(Password) && Password.Length <= 1024, "password", "A password of at most 1024 characters is required.");
}

public sealed record LoginResponse(string AccessToken, string TokenType, int ExpiresIn);

public sealed record UserProfile(Guid Id, string Email, string DisplayName, string Role);
