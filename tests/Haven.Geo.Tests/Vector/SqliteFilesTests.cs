using Haven.Geo.IO;
using Haven.Geo.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Haven.Geo.Tests.Vector;

public sealed class SqliteFilesTests
{
    [Theory]
    [InlineData("plain.gpkg")]
    [InlineData("semi;colon=and \"quotes\".gpkg")]
    [InlineData(" leading space'.gpkg")]
    public void A_connection_string_opens_the_file_named_whatever_its_characters(string name)
    {
        using var dir = new TempFolder();
        string path = dir.File(name);

        using (var create = new SqliteConnection(SqliteFiles.ConnectionString(path, SqliteOpenMode.ReadWriteCreate)))
        {
            create.Open();
            using var command = create.CreateCommand();
            command.CommandText = "CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (42)";
            command.ExecuteNonQuery();
        }

        var parsed = new SqliteConnectionStringBuilder(SqliteFiles.ConnectionString(path, SqliteOpenMode.ReadOnly, extra: "Foreign Keys=True"));
        Assert.Equal(path, parsed.DataSource);
        Assert.Equal(SqliteOpenMode.ReadOnly, parsed.Mode);
        Assert.False(parsed.Pooling);
        Assert.True(parsed.ForeignKeys);
        Assert.True(File.Exists(path));
        using var read = new SqliteConnection(parsed.ToString());
        read.Open();
        using var query = read.CreateCommand();
        query.CommandText = "SELECT v FROM t";
        Assert.Equal(42L, query.ExecuteScalar());
    }
}
