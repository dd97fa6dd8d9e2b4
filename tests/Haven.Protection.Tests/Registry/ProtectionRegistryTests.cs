using Haven.Protection.Orders;
using Haven.Protection.Registry;
using Haven.Protection.Zones;
using NetTopologySuite.IO;

namespace Haven.Protection.Tests.Registry;

public class ProtectionRegistryTests
{
    private static readonly WKTReader Wkt = new();

    private static Zone Version(int v, DateOnly from, DateOnly? to) =>
        new("HZ-1", v, "humanitarian", "Coastal area", "المنطقة الساحلية", from, to, Wkt.Read("POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))"), "test");

    private static EvacuationOrder Order(string id, DateOnly from, DateOnly? lifted, params int[] blocks) =>
        new(id, new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), from, lifted, blocks, "Evacuate", "أخلوا", "test");

    private readonly ProtectionRegistry _registry = new(
        [Version(1, new(2023, 10, 18), new(2023, 12, 1)), Version(2, new(2023, 12, 1), null)],
        [Order("A", new(2023, 10, 13), null, 101, 102), Order("B", new(2023, 11, 4), new(2023, 12, 20), 102, 201)]);

    [Fact]
    public void No_zone_exists_before_it_is_declared() => Assert.Empty(_registry.ZonesAsOf(new(2023, 10, 17)));

    [Fact]
    public void The_version_valid_on_a_date_answers_for_it()
    {
        Assert.Equal(1, Assert.Single(_registry.ZonesAsOf(new(2023, 11, 30))).Version);
        Assert.Equal(2, Assert.Single(_registry.ZonesAsOf(new(2023, 12, 1))).Version);
        Assert.Equal([1, 2], _registry.ZoneHistory("HZ-1").Select(z => z.Version));
    }

    [Fact]
    public void Orders_are_in_force_from_their_effective_date_until_lifted()
    {
        Assert.Empty(_registry.OrdersAsOf(new(2023, 10, 12)));
        Assert.Equal(["A", "B"], _registry.OrdersAsOf(new(2023, 11, 4)).Select(o => o.Id));
        Assert.Equal(["A"], _registry.OrdersAsOf(new(2023, 12, 20)).Select(o => o.Id));
    }

    [Fact]
    public void A_block_named_by_two_orders_is_under_evacuation_since_the_first()
    {
        var blocks = _registry.BlocksUnderOrderAsOf(new(2023, 11, 10));

        Assert.Equal("A", blocks[102].Id);
        Assert.Equal("B", blocks[201].Id);
        Assert.Equal([101, 102, 201], blocks.Keys.Order());
    }
}
