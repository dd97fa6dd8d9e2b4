using System.Globalization;
using System.IO.Compression;
using System.Xml;
using Haven.Geo.Tabular;
using Haven.Geo.Tests.Support;
using Haven.Planning.Aid;

namespace Haven.Planning.Tests.Aid;

/// <summary>The real UNRWA workbook and COGAT list, read by Haven and counted independently in the test.</summary>
public sealed class AidRecordsTests
{
    private static readonly Lazy<AidRecordsRead> UnrwaRead = new(() => AidRecords.Read(ReferenceData.File("aid/unrwa_commodities_received_20241111.xlsx")).Value);
    private static readonly Lazy<AidRecordsRead> CogatRead = new(() => AidRecords.Read(ReferenceData.File("aid/cogat_aid_linelist.csv")).Value);

    [ReferenceFact]
    public void UnrwaWorkbook_TrucksPerMonthAndCrossing_EqualTheCountsReadFromTheSheetXmlWithoutHaven()
    {
        var sheet = PlainSheet.Read(ReferenceData.File("aid/unrwa_commodities_received_20241111.xlsx"));
        int date = sheet.Header.IndexOf("Received Date"), crossing = sheet.Header.IndexOf("Crossing");
        var expected = sheet.Rows
            .GroupBy(r => (Month: DateTime.FromOADate(double.Parse(r[date], CultureInfo.InvariantCulture)).ToString("yyyy-MM", CultureInfo.InvariantCulture), Crossing: r[crossing]))
            .ToDictionary(g => g.Key, g => (double)g.Count());

        var read = UnrwaRead.Value;
        var report = Deliveries.Report(read.Arrivals, new DateOnly(2023, 10, 1), new DateOnly(2024, 12, 31), DeliveryGrouping.Parse("month,crossing").Value);
        var actual = report.Rows.ToDictionary(r => (Month: r.Period, Crossing: r.Crossing!), r => r.Trucks);

        Assert.Equal(37_373, sheet.Rows.Count);
        Assert.Equal(expected.OrderBy(k => k.Key).ToList(), actual.OrderBy(k => k.Key).ToList());
        Assert.Equal(5_671, report.Rows.Where(r => r.Period == "2024-04").Sum(r => r.Trucks));
    }

    [ReferenceFact]
    public void UnrwaWorkbook_EveryRowIsImportedOrListed_AndEveryIdIsKeptAsGiven()
    {
        var read = UnrwaRead.Value;
        var sheet = PlainSheet.Read(ReferenceData.File("aid/unrwa_commodities_received_20241111.xlsx"));
        int id = sheet.Header.IndexOf("ID");

        Assert.Equal(sheet.Rows.Count, read.RowsRead);
        Assert.Equal(read.RowsRead, read.Arrivals.Count + read.Skipped.Count);
        Assert.Equal(sheet.Rows.Select(r => r[id]).Order(StringComparer.Ordinal), read.Arrivals.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.All(read.Arrivals, a => Assert.Equal(AidRecords.Unrwa, a.Source));
    }

    [ReferenceFact]
    public void UnrwaWorkbook_EveryRowFromSixMay2024CarriesThePartialMonitoringNote_AndNoEarlierRowDoes()
    {
        var read = UnrwaRead.Value;

        Assert.All(read.Arrivals.Where(a => a.Date >= new DateOnly(2024, 5, 6)), a => Assert.Equal(AidRecords.UnrwaPartialNote, a.Coverage));
        Assert.All(read.Arrivals.Where(a => a.Date < new DateOnly(2024, 5, 6)), a => Assert.Equal(string.Empty, a.Coverage));
        Assert.Equal(12_126, read.Arrivals.Count(a => a.Coverage.Length > 0));
        Assert.Contains(read.Caveats, c => c.StartsWith("data disclaimer:", StringComparison.Ordinal) && c.Contains("comprehensive monitoring", StringComparison.Ordinal));
    }

    [ReferenceFact]
    public void UnrwaWorkbook_PalletsTrucksAndTonnes_AreConvertedByTheStatedFactors_AndEveryAssumedWeightIsSaidOnItsRow()
    {
        var read = UnrwaRead.Value;
        var sheet = PlainSheet.Read(ReferenceData.File("aid/unrwa_commodities_received_20241111.xlsx"));
        int id = sheet.Header.IndexOf("ID"), quantity = sheet.Header.IndexOf("Quantity"), units = sheet.Header.IndexOf("Units"), partner = sheet.Header.IndexOf("Destination Recipient/ Partner");
        var byId = read.Arrivals.ToDictionary(a => a.Id);
        foreach (var row in sheet.Rows)
        {
            var a = byId[row[id]];
            double q = row[quantity].Length > 0 ? double.Parse(row[quantity], CultureInfo.InvariantCulture) : double.NaN;
            double? expected = row[units] switch
            {
                "Pallets" => q * (row[partner] == "WFP" ? 705.9 : 637.5) / 1000,
                "Truck" => q * 17,
                "MT" or "Ton" => q,
                _ => 17,
            };
            Assert.Equal(expected!.Value, a.Tonnes!.Value, 9);
            string weightNote = row[units] switch
            {
                "Pallets" => $"{(row[partner] == "WFP" ? "705.9" : "637.5")} kg a pallet",
                "Truck" => "17 t a truck",
                "MT" or "Ton" => "",
                _ => "give no weight: one truck at 17 t",
            };
            Assert.True(weightNote.Length == 0 ? !a.Assumed.Contains("a pallet", StringComparison.Ordinal) && !a.Assumed.Contains("truck", StringComparison.Ordinal) : a.Assumed.Contains(weightNote, StringComparison.Ordinal), $"{a.Row}: {a.Assumed}");
        }
    }

    [ReferenceFact]
    public void CogatList_TonnesPerClassification_EqualTheSumsOfTheCsvReadWithoutHaven_AndEveryRowIsImported()
    {
        var lines = File.ReadAllLines(ReferenceData.File("aid/cogat_aid_linelist.csv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var expected = lines.GroupBy(c => c[3]).ToDictionary(g => g.Key, g => g.Sum(c => c[5].Length > 0 ? double.Parse(c[5], CultureInfo.InvariantCulture) : 0));
        var read = CogatRead.Value;

        Assert.Equal(52_479, lines.Count);
        Assert.Equal(lines.Count, read.RowsRead);
        Assert.Empty(read.Skipped);
        Assert.Equal(lines.Count, read.Arrivals.Count);
        foreach (var (classification, tonnes) in expected)
        {
            Assert.Equal(tonnes, read.Arrivals.Where(a => a.SourceCategory == classification).Sum(a => a.Tonnes ?? 0), 6);
        }

        Assert.Equal(lines.Count(c => c[5].Length == 0), read.Arrivals.Count(a => a.Tonnes is null));
        Assert.Equal(2, read.Arrivals.Count(a => a.Id == "51304"));
    }

    [ReferenceFact]
    public void CogatList_LandAndSeaLinesAreOneTruckEach_AndAirdropsNone()
    {
        var read = CogatRead.Value;

        Assert.All(read.Arrivals.Where(a => a.Route != "air"), a => Assert.Equal(1, a.Trucks));
        Assert.All(read.Arrivals.Where(a => a.Route == "air"), a => Assert.Null(a.Trucks));
        Assert.Equal(123, read.Arrivals.Count(a => a.Route == "air"));
        Assert.Equal(600, read.Arrivals.Count(a => a.Route == "sea"));
    }

    [ReferenceFact]
    public void UnrwaAndCogat_EachMonthBothCover_AreSideBySideWithCogatMinusUnrwa_AndNeverAdded()
    {
        var cogatLines = File.ReadAllLines(ReferenceData.File("aid/cogat_aid_linelist.csv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var cogatTrucks = cogatLines.Where(c => c[2] != "Aerial Route").GroupBy(c => c[1][..7]).ToDictionary(g => g.Key, g => (double)g.Count());
        var sheet = PlainSheet.Read(ReferenceData.File("aid/unrwa_commodities_received_20241111.xlsx"));
        int date = sheet.Header.IndexOf("Received Date");
        var unrwaTrucks = sheet.Rows.GroupBy(r => DateTime.FromOADate(double.Parse(r[date], CultureInfo.InvariantCulture)).ToString("yyyy-MM", CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => (double)g.Count());

        var report = Deliveries.Report([.. UnrwaRead.Value.Arrivals, .. CogatRead.Value.Arrivals], new DateOnly(2023, 10, 21), new DateOnly(2024, 9, 30), DeliveryGrouping.Parse("month").Value);

        Assert.Equal(12, report.Comparisons.Count);
        foreach (var c in report.Comparisons)
        {
            Assert.Equal("COGAT minus UNRWA", c.Difference);
            Assert.Equal(cogatTrucks[c.Period] - unrwaTrucks[c.Period], c.TrucksDifference);
            Assert.Equal([cogatTrucks[c.Period], unrwaTrucks[c.Period]], c.Sources.Select(s => s.Trucks!.Value));
        }

        // Each source keeps its own rows: no row adds them together.
        Assert.Equal(24, report.Rows.Count);
        Assert.Equal(2_509, report.Rows.Single(r => r.Period == "2024-06" && r.Source == "UNRWA").Trucks);
        Assert.Equal(5_266, report.Rows.Single(r => r.Period == "2024-06" && r.Source == "COGAT").Trucks);
        Assert.Contains("partial", report.Comparisons.Single(c => c.Period == "2024-06").Sources.Single(s => s.Source == "UNRWA").Coverage, StringComparison.Ordinal);
    }

    [Fact]
    public void Energy_OfNamedItems_IsTheirMeanKcalPerKg_NonFoodCountsZero_AndAnUnplacedMixedLoadIsUnknown()
    {
        var f = AidFactors.Default;

        Assert.Equal(10 * 1000 * (3600 + 3780) / 2.0, f.Energy(10, AidCategories.Food, "Rice + Chickpeas").Kcal);
        Assert.Equal(10 * 1000 * 3640.0, f.Energy(10, AidCategories.Food, "Flour").Kcal);
        Assert.Equal(10 * 1000 * AidFactors.DefaultFoodKcalPerKg, f.Energy(10, AidCategories.Food, "Food Parcels").Kcal);
        Assert.Equal(10 * 1000 * (3640 + 0) / 2.0, f.Energy(10, AidCategories.Mixed, "Flour + Blankets").Kcal);
        Assert.Equal(0, f.Energy(10, AidCategories.Mixed, "Mattresses + Water").Kcal);
        Assert.Null(f.Energy(10, AidCategories.Mixed, "Mixed Items").Kcal);
        Assert.Equal(0, f.Energy(10, AidCategories.Medical, "Medicines").Kcal);
        Assert.Null(f.Energy(null, AidCategories.Food, "Flour").Kcal);
    }

    [Fact]
    public void Weight_OfPalletsTrucksAndTonnes_FollowsTheUnits_AndUnitsWithoutWeightCountOneTruck()
    {
        var f = AidFactors.Default;

        Assert.Equal((14 * 637.5 / 1000, "637.5 kg a pallet (other)"), f.Weight(14, "Pallets", "UNRWA", "Flour"));
        Assert.Equal(14 * 705.9 / 1000, f.Weight(14, "Pallets", "WFP", "Flour").Tonnes!.Value, 9);
        Assert.Equal((34.0, "17 t a truck"), f.Weight(2, "Truck", "UNRWA", "Flour"));
        Assert.Equal((20.5, ""), f.Weight(20.5, "MT", "WFP", "Flour"));
        Assert.Equal((17.0, "units 'Piece' give no weight: one truck at 17 t"), f.Weight(300, "Piece", "UNRWA", "Tents"));
    }

    [ReferenceFact]
    public void Factors_FromTheStudysTables_UseItsMainPalletWeights_AndItsAgencyItemWeightsWhereNoMainRowGivesOne()
    {
        var kcal = CsvTable.Read(ReferenceData.File("aid/lshtm/kcal_equi.csv")).Value;
        var pallets = CsvTable.Read(ReferenceData.File("aid/lshtm/kg_pallet.csv")).Value;
        var f = AidFactors.Read(kcal, pallets).Value;

        Assert.Equal(637.5, f.PalletKg("Private Sector", "flour").Kg);
        Assert.Equal(705.9, f.PalletKg("WFP", "rice").Kg);
        Assert.Equal(1162, f.PalletKg("UNRWA", "flour").Kg);
        Assert.Equal(1200, f.PalletKg("UNRWA", "tents").Kg);
        Assert.Equal(5950, f.KcalPerKg("tahini"));
        Assert.Equal(830, f.KcalPerKg("pomegranates"));
    }

    [Fact]
    public void ATableOfOtherColumns_IsRefused_NamingItsColumnsAndTheFormatsExpected()
    {
        var table = CsvTable.Parse(new StringReader("when,where,what\n2024-01-01,Rafah,flour\n"), "mystery.csv").Value;

        var read = AidRecords.FromTable(table);

        Assert.Equal("aid.format", read.Problem!.Code);
        Assert.Contains("mystery.csv: the columns (when, where, what)", read.Problem.Message, StringComparison.Ordinal);
        Assert.Contains("COGAT", read.Problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnrwaCsvRows_WithABadDateOrQuantity_AreListedWithTheirLineAndReason_AndTheOthersRead()
    {
        const string csv = "ID,Received Date,Crossing,Quantity,Units,Cargo Category,Description of Cargo,Data Period\n"
            + "1,2024-01-05,Rafah Crossing,10,Pallets,Food Items,Flour,Historical Data (before Rafah Operation)\n"
            + "2,soon,Rafah Crossing,10,Pallets,Food Items,Flour,Historical Data (before Rafah Operation)\n"
            + "3,1/6/2024,Kerem Shalom,ten,Pallets,Food Items,Rice,Historical Data (before Rafah Operation)\n"
            + "4,45300,Kerem Shalom,1,Truck,Non-Food Items,Blankets,Historical Data (before Rafah Operation)\n";
        var read = AidRecords.FromTable(CsvTable.Parse(new StringReader(csv), "unrwa.csv").Value).Value;

        Assert.Equal(4, read.RowsRead);
        Assert.Equal(["1", "4"], read.Arrivals.Select(a => a.Id));
        Assert.Equal(new DateOnly(2024, 1, 9), read.Arrivals[1].Date);
        Assert.Equal(
            [new SkippedRow("unrwa.csv line 3", "date 'soon' is not a date (expected YYYY-MM-DD or a spreadsheet date)"),
             new SkippedRow("unrwa.csv line 4", "quantity 'ten' is not a number, 0 or more")],
            read.Skipped);
    }

    /// <summary>The first sheet of a workbook read straight from its XML, as a check on the library Haven uses.</summary>
    private sealed record PlainSheet(List<string> Header, List<string[]> Rows)
    {
        public static PlainSheet Read(string path)
        {
            using var zip = ZipFile.OpenRead(path);
            var strings = new List<string>();
            using (var reader = XmlReader.Create(zip.GetEntry("xl/sharedStrings.xml")!.Open()))
            {
                while (reader.ReadToFollowing("si"))
                {
                    using var si = reader.ReadSubtree();
                    var text = new System.Text.StringBuilder();
                    while (si.ReadToFollowing("t"))
                    {
                        text.Append(si.ReadElementContentAsString());
                    }

                    strings.Add(text.ToString());
                }
            }

            var rows = new List<string[]>();
            using (var reader = XmlReader.Create(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()))
            {
                while (reader.ReadToFollowing("row"))
                {
                    var cells = new string[16];
                    Array.Fill(cells, string.Empty);
                    using var row = reader.ReadSubtree();
                    while (row.ReadToFollowing("c"))
                    {
                        string reference = row.GetAttribute("r")!, type = row.GetAttribute("t") ?? "";
                        int column = reference[0] - 'A';
                        using var c = row.ReadSubtree();
                        if (column < 16 && reference[1] is >= '0' and <= '9' && c.ReadToFollowing("v"))
                        {
                            string v = c.ReadElementContentAsString();
                            cells[column] = type == "s" ? strings[int.Parse(v, CultureInfo.InvariantCulture)].Trim() : v;
                        }
                    }

                    rows.Add(cells);
                }
            }

            return new PlainSheet([.. rows[0]], rows.Skip(1).ToList());
        }
    }
}
