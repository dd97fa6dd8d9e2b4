namespace Haven.Geo;

/// <summary>
/// An expected failure: bad input, something not found, invalid geometry. It carries a stable
/// machine-readable <see cref="Code"/> and a message that names the file, feature or field.
/// </summary>
public sealed record Problem(string Code, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>
/// The result of an operation that can fail for expected reasons: either a value or a <see cref="Problem"/>.
/// Exceptions stay for bugs.
/// </summary>
public readonly struct Outcome<T>
{
    private readonly T? _value;

    private Outcome(T? value, Problem? problem)
    {
        _value = value;
        Problem = problem;
    }

    public Problem? Problem { get; }

    public bool Succeeded => Problem is null;

    /// <summary>The value; throws when the outcome is a problem, which is a bug in the caller.</summary>
    public T Value => Problem is null
        ? _value!
        : throw new InvalidOperationException($"Outcome holds a problem, not a value: {Problem}");

    public static Outcome<T> Success(T value) => new(value, null);

    public static Outcome<T> Failure(string code, string message) => new(default, new Problem(code, message));

    public static Outcome<T> Failure(Problem problem) => new(default, problem);

    public static implicit operator Outcome<T>(T value) => Success(value);

    public static implicit operator Outcome<T>(Problem problem) => Failure(problem);
}
