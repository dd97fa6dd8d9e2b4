namespace Haven.Cli;

/// <summary>The exit codes every `haven` command uses.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Something failed while running (IO, database).</summary>
    public const int Failure = 1;

    /// <summary>Bad usage or bad input: the message says what was expected.</summary>
    public const int BadInput = 2;
}
