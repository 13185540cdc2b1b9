namespace EduPlatform.Prove.Cli;

/// <summary>The parsed command line: a verb and its options. Small enough not to need a parsing library.</summary>
public sealed record CommandLine(string Verb, string? Chapter, string? Claim, bool Quick, string? ReportsFolder, IReadOnlyList<string> Arguments)
{
    public const string Usage = """
        usage:
          prove [--quick] [--chapter NN] [--claim NAME] [--reports DIR]   prove claims (all by default)
          list                                                            list every claim
          bench engine-vs-wrk [--seconds N]                               engine vs wrk on one loopback endpoint
          docs [--from REPORTS] [--check]                                 fill READMEs' generated blocks: source snippets, and
                                                                          claims figures from a full prove run's folder
        exit codes: 0 all proven (or ran, with --quick), 99 a claim not proven, 1 an error, 2 a usage error
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0)
        {
            throw new FormatException("no command given");
        }

        string? chapter = null, claim = null, reports = null;
        var quick = false;
        var rest = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--chapter":
                    chapter = Value(args, ++i, "--chapter");
                    break;
                case "--claim":
                    claim = Value(args, ++i, "--claim");
                    break;
                case "--reports":
                    reports = Value(args, ++i, "--reports");
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        return new CommandLine(args[0], chapter, claim, quick, reports, rest);
    }

    private static string Value(IReadOnlyList<string> args, int index, string option) =>
        index < args.Count && !args[index].StartsWith("--", StringComparison.Ordinal)
            ? args[index]
            : throw new FormatException($"{option} needs a value");
}
