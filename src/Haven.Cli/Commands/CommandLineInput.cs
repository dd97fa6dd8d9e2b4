using System.Globalization;
using Haven.Geo;

namespace Haven.Cli.Commands;

/// <summary>What every command does with a date it was given and with a problem it has to report.</summary>
internal static class CommandLineInput
{
    /// <summary>Reads YYYY-MM-DD; otherwise says which option held what, and returns false.</summary>
    public static bool TryDate(string text, string option, out DateOnly date)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        Console.Error.WriteLine($"{option}: '{text}' is not a date; expected YYYY-MM-DD.");
        return false;
    }

    /// <summary>Writes the problem's message to standard error and returns the bad-input exit code.</summary>
    public static int Fail(Problem problem)
    {
        Console.Error.WriteLine(problem.Message);
        return ExitCodes.BadInput;
    }
}
