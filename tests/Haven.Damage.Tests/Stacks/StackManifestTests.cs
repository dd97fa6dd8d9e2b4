using Haven.Damage.Stacks;

namespace Haven.Damage.Tests.Stacks;

public class StackManifestTests
{
    [Fact]
    public void A_formatted_manifest_parses_back_to_the_same_entries()
    {
        StackEntry[] entries =
        [
            new("s1/20230901_vv.tif", new DateOnly(2023, 9, 1), 87, Polarisation.VV),
            new("s1/20230901_vh.tif", new DateOnly(2023, 9, 1), 87, Polarisation.VH),
        ];

        var parsed = StackManifest.Parse(StackManifest.Format(entries), "stack.csv");

        Assert.True(parsed.Succeeded);
        Assert.Equal(entries, parsed.Value);
    }

    [Theory]
    [InlineData("path,when,orbit,polarisation\n", "stack.header", "line 1")]
    [InlineData("path,date,orbit,polarisation\na.tif,2023-02-30,87,VV\n", "stack.date", "line 2")]
    [InlineData("path,date,orbit,polarisation\na.tif,2023-02-01,87,VV\nb.tif,2023-02-13,87,HH\n", "stack.polarisation", "line 3")]
    [InlineData("path,date,orbit,polarisation\na.tif,2023-02-01,-4,VV\n", "stack.orbit", "line 2")]
    [InlineData("path,date,orbit,polarisation\na.tif,2023-02-01,87\n", "stack.columns", "line 2")]
    [InlineData("path,date,orbit,polarisation\n\n", "stack.empty", "stack.csv")]
    public void Bad_rows_are_problems_that_name_the_file_and_line(string text, string code, string where)
    {
        var parsed = StackManifest.Parse(text, "stack.csv");

        Assert.False(parsed.Succeeded);
        Assert.Equal(code, parsed.Problem!.Code);
        Assert.Contains("stack.csv", parsed.Problem.Message, StringComparison.Ordinal);
        Assert.Contains(where, parsed.Problem.Message, StringComparison.Ordinal);
    }
}
