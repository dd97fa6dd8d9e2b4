using Haven.Geo.Tests.Support;
using Haven.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Haven.Storage.Tests.Sqlite;

public sealed class MigrationTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _tmp.Dispose();
    }

    [Fact]
    public async Task A_version_2_database_with_data_is_upgraded_in_place_keeping_its_blocks_and_buildings()
    {
        string path = _tmp.File("old.db");
        // A version-2 database as the previous release left it: scripts 1 and 2, and rows that reference blocks.
        using (var connection = new SqliteConnection($"Data Source={path};Foreign Keys=True"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "CREATE TABLE schema_version (version INTEGER NOT NULL);" + SqliteSchema.Migrations[0] + SqliteSchema.Migrations[1] + """
                INSERT INTO schema_version VALUES (1); INSERT INTO schema_version VALUES (2);
                INSERT INTO areas VALUES ('SS01', 'North', 'الشمال', 1, NULL, x'00', 'synthetic');
                INSERT INTO blocks VALUES (101, 'SS01', x'01', 'synthetic');
                INSERT INTO blocks VALUES (102, 'SS01', x'02', 'synthetic');
                INSERT INTO buildings VALUES (1, 101, 'SS01', 120.5, x'03', 'synthetic');
                INSERT INTO orders VALUES ('o1', '2023-10-13T06:00:00.0000000+00:00', '2023-10-13', NULL, 'Evacuation order', 'أمر إخلاء', 'synthetic');
                INSERT INTO order_blocks VALUES ('o1', 101);
                """;
            cmd.ExecuteNonQuery();
        }

        var store = new SqliteStore(path);

        int version = await store.MigrateAsync();

        Assert.Equal(SqliteSchema.Migrations.Count, version);
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT (SELECT COUNT(*) FROM blocks) || ',' || (SELECT COUNT(*) FROM buildings) || ',' || (SELECT pcode FROM blocks WHERE number = 101)"
                + " || ',' || (SELECT declares_safe FROM orders WHERE id = 'o1') || ',' || (SELECT COUNT(*) FROM pragma_foreign_key_check)";
            Assert.Equal("2,1,SS01,0,0", cmd.ExecuteScalar());
        }

        var order = Assert.Single(await store.GetOrdersAsync());
        Assert.Equal([101], order.Blocks);
        Assert.Empty(await store.GetPublicationsAsync());
        Assert.Equal(version, await store.MigrateAsync());
    }

    [Fact]
    public async Task A_version_5_store_keeps_its_building_ids_and_their_scores_as_text_after_the_upgrade()
    {
        string path = _tmp.File("v5.db");
        // A version-5 store: integer building ids, and an assessment scoring them.
        using (var connection = new SqliteConnection($"Data Source={path};Foreign Keys=True"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "CREATE TABLE schema_version (version INTEGER NOT NULL);" + string.Concat(SqliteSchema.Migrations.Take(5)) + """
                INSERT INTO schema_version VALUES (1); INSERT INTO schema_version VALUES (2); INSERT INTO schema_version VALUES (3);
                INSERT INTO schema_version VALUES (4); INSERT INTO schema_version VALUES (5);
                INSERT INTO areas VALUES ('SS01', 'North', 'الشمال', 1, NULL, x'00', 'synthetic');
                INSERT INTO blocks VALUES (101, 'SS01', x'01', 'synthetic');
                INSERT INTO buildings VALUES (7, 101, 'SS01', 120.5, x'03', 'synthetic');
                INSERT INTO assessments VALUES ('pwtt-1', '2023-11-01T00:00:00+00:00', 'pwtt', '2023-10-07', '2023-10-15', '{}');
                INSERT INTO assessment_buildings VALUES ('pwtt-1', '2023-10-15', 7, 4.2, 1, 1.0, '');
                """;
            cmd.ExecuteNonQuery();
        }

        var store = new SqliteStore(path);

        await store.MigrateAsync();

        var damage = Assert.Single(await store.GetBuildingDamageAsync("pwtt-1"));
        Assert.Equal(("7", true, 4.2), (damage.BuildingId, damage.Damaged, damage.Score));
        using var check = new SqliteConnection($"Data Source={path}");
        check.Open();
        using var query = check.CreateCommand();
        query.CommandText = "SELECT ref || ',' || typeof(ref) || ',' || id FROM buildings";
        Assert.Equal("7,text,7", query.ExecuteScalar());
    }
}
