using Haven.Geo;

namespace Haven.Planning.Population;

/// <summary>People in one area as of a date: residents at home, displaced people sheltering there, and residents displaced elsewhere; with the date of the last count or movement that changed them.</summary>
public sealed record PopulationState(string Area, DateOnly UpdatedOn, long Residents, long DisplacedPresent, long DisplacedOut, string Source)
{
    /// <summary>Everyone present: residents and displaced people.</summary>
    public long Present => Residents + DisplacedPresent;
}

/// <summary>
/// Population per area over time from counts (population records) and flows (movements). It keeps how many
/// people from each home area are in each area, so it can say who is displaced where. Replayed in date order:
/// on each date the counts first (a count replaces the estimate for its area; displaced people keep the mix of
/// home areas they had), then the movements in file order. A movement moves people, never makes or loses them;
/// one that asks for more people than are there is refused, naming it.
/// </summary>
public sealed class PopulationLedger
{
    /// <summary>Home area of displaced people a count reports without saying where they come from.</summary>
    public const string UnknownOrigin = "";

    private readonly List<(DateOnly Date, PopulationRecord? Record, Movement? Move)> _events;

    private PopulationLedger(List<(DateOnly, PopulationRecord?, Movement?)> events) => _events = events;

    public static Outcome<PopulationLedger> Build(IEnumerable<PopulationRecord> records, IEnumerable<Movement> movements)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(movements);
        var events = records.Select(r => (r.Date, (PopulationRecord?)r, (Movement?)null))
            .Concat(movements.Select(m => (m.Date, (PopulationRecord?)null, (Movement?)m)))
            .Select((e, i) => (e, i))
            .OrderBy(x => x.e.Date).ThenBy(x => x.e.Item3 is null ? 0 : 1).ThenBy(x => x.i)
            .Select(x => x.e).ToList();
        var ledger = new PopulationLedger(events);
        var replay = ledger.Replay(DateOnly.MaxValue);
        return replay.Succeeded ? ledger : replay.Problem!;
    }

    /// <summary>Every area with people in it (or displaced from it) as of the date.</summary>
    public IReadOnlyDictionary<string, PopulationState> AsOf(DateOnly date) => Replay(date).Value.States;

    /// <summary>People whose home is <paramref name="home"/> who are in <paramref name="at"/> as of the date.</summary>
    public long PeopleFrom(string home, string at, DateOnly date) => Replay(date).Value.People.GetValueOrDefault((home, at));

    /// <summary>One area as of the date, or null when nothing is known of it by then.</summary>
    public PopulationState? AsOf(string area, DateOnly date) => AsOf(date).GetValueOrDefault(area);

    /// <summary>Dates on which counts or movements change something, in order.</summary>
    public IReadOnlyList<DateOnly> Dates => [.. _events.Select(e => e.Date).Distinct()];

    private Outcome<Replayed> Replay(DateOnly until)
    {
        // people[(home, location)]
        var people = new Dictionary<(string Home, string At), long>();
        var source = new Dictionary<string, string>(StringComparer.Ordinal);
        var asOf = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var (date, record, move) in _events)
        {
            if (date > until)
            {
                break;
            }

            if (record is not null)
            {
                people[(record.AreaPcode, record.AreaPcode)] = record.Residents;
                var guests = people.Where(p => p.Key.At == record.AreaPcode && p.Key.Home != record.AreaPcode && p.Value > 0).ToList();
                long now = guests.Sum(g => g.Value);
                foreach (var g in guests)
                {
                    people[g.Key] = 0;
                }

                if (now == 0)
                {
                    people[(UnknownOrigin, record.AreaPcode)] = record.Displaced;
                }
                else
                {
                    var shares = Apportion(record.Displaced, guests.Select(g => g.Value).ToList());
                    for (int i = 0; i < guests.Count; i++)
                    {
                        people[guests[i].Key] = shares[i];
                    }
                }

                source[record.AreaPcode] = record.Source;
                asOf[record.AreaPcode] = date;
                continue;
            }

            var m = move!;
            string where = m.Line > 0 ? $"{m.Source} line {m.Line}" : m.Source;
            var here = people.Where(p => p.Key.At == m.From && p.Value > 0 && (m.Origin is null || p.Key.Home == m.Origin)).OrderBy(p => p.Key.Home, StringComparer.Ordinal).ToList();
            long available = here.Sum(p => p.Value);
            if (available < m.People)
            {
                string who = m.Origin is null ? "people" : $"people from {m.Origin}";
                return Outcome<Replayed>.Failure("movements.negative",
                    string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{where}: moving {m.People:N0} {who} out of {m.From} on {m.Date:yyyy-MM-dd} would leave it below zero: only {available:N0} are there."));
            }

            var moved = Apportion(m.People, here.Select(p => p.Value).ToList());
            for (int i = 0; i < here.Count; i++)
            {
                people[here[i].Key] -= moved[i];
                var to = (here[i].Key.Home, m.To);
                people[to] = people.GetValueOrDefault(to) + moved[i];
            }

            foreach (string a in new[] { m.From, m.To })
            {
                source[a] = source.TryGetValue(a, out string? s) && s.EndsWith(" + movements", StringComparison.Ordinal) ? s : $"{source.GetValueOrDefault(a, "movements")} + movements";
                asOf[a] = date;
            }
        }

        var areas = people.Keys.SelectMany(k => new[] { k.Home, k.At }).Where(a => a != UnknownOrigin).Distinct(StringComparer.Ordinal);
        var states = areas.ToDictionary(a => a, a => new PopulationState(a, asOf.GetValueOrDefault(a),
            people.GetValueOrDefault((a, a)),
            people.Where(p => p.Key.At == a && p.Key.Home != a).Sum(p => p.Value),
            people.Where(p => p.Key.Home == a && p.Key.At != a).Sum(p => p.Value),
            source.GetValueOrDefault(a, "movements")), StringComparer.Ordinal);
        return new Replayed(states, people);
    }

    private sealed record Replayed(IReadOnlyDictionary<string, PopulationState> States, IReadOnlyDictionary<(string Home, string At), long> People);

    /// <summary>Splits a whole number in proportion to weights, by largest remainder, so the parts add up exactly.</summary>
    public static long[] Apportion(long total, IReadOnlyList<long> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var parts = new long[weights.Count];
        long sum = weights.Sum();
        if (sum <= 0 || parts.Length == 0)
        {
            return parts;
        }

        var remainders = new (double Fraction, int Index)[parts.Length];
        long given = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            double exact = (double)total * weights[i] / sum;
            parts[i] = (long)Math.Floor(exact);
            given += parts[i];
            remainders[i] = (exact - parts[i], i);
        }

        foreach (var (_, index) in remainders.OrderByDescending(r => r.Fraction).ThenBy(r => r.Index).Take((int)(total - given)))
        {
            parts[index]++;
        }

        return parts;
    }
}
