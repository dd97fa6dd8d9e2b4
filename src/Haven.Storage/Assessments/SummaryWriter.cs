using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Haven.Storage.Assessments;

/// <summary>
/// Writes summary.json from its <see cref="SummaryDocument"/>, member by member, with snake_case names, indented, every
/// string escaped as System.Text.Json escapes it and a number that is not finite written as the string "NaN",
/// "Infinity" or "-Infinity". The text is the one JsonSerializer writes for the same document with those options (a
/// test holds it to that), without building a serialiser for the document's types in every command that writes one:
/// that took a one-shot `haven assess` 0.1–0.2 s, on the path between the finished run and its stored record.
/// </summary>
internal static class SummaryWriter
{
    public static string Write(SummaryDocument d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("id", d.Id);
            w.WriteString("created_at", d.CreatedAt);
            w.WriteString("version", d.Version);
            w.WriteString("method", d.Method);
            w.WriteBoolean("synthetic", d.Synthetic);
            w.WriteString("method_reference", d.MethodReference);
            Date(w, "event_date", d.EventDate);
            Array(w, "inference_dates", d.InferenceDates, Date);
            w.WriteStartObject("parameters");
            foreach (var (name, value) in d.Parameters)
            {
                w.WritePropertyName(name);
                Parameter(w, name, value);
            }

            w.WriteEndObject();
            Array(w, "inputs", d.Inputs, static (w, i) =>
            {
                w.WriteStartObject();
                w.WriteString("role", i.Role);
                w.WriteString("path", i.Path);
                w.WriteNumber("bytes", i.Bytes);
                w.WriteString("sha256", i.Sha256);
                w.WriteEndObject();
            });
            Array(w, "windows", d.Windows, static (w, u) =>
            {
                w.WriteStartObject();
                w.WriteNumber("orbit", u.Orbit);
                w.WriteNumber("polarisation", (int)u.Polarisation);
                w.WriteNumber("pre_images", u.PreImages);
                Array(w, "post_images", u.PostImages, static (w, n) => w.WriteNumberValue(n));
                w.WriteBoolean("used", u.Used);
                w.WriteEndObject();
            });
            Array(w, "warnings", d.Warnings, static (w, s) => w.WriteStringValue(s));
            Stack(w, d.Stack);
            w.WriteStartObject("grid");
            w.WriteNumber("width", d.Grid.Width);
            w.WriteNumber("height", d.Grid.Height);
            w.WriteNumber("epsg", d.Grid.Epsg);
            Number(w, "pixel_size", d.Grid.PixelSize);
            w.WriteEndObject();
            w.WriteNumber("pixel_samples", d.PixelSamples);
            w.WriteStartObject("stage_seconds");
            foreach (var (stage, seconds) in d.StageSeconds)
            {
                Number(w, stage, seconds);
            }

            w.WriteEndObject();
            w.WriteStartObject("buildings");
            w.WriteNumber("total", d.Buildings.Total);
            w.WriteNumber("scored", d.Buildings.Scored);
            w.WriteNumber("outside", d.Buildings.Outside);
            w.WriteNumber("small", d.Buildings.Small);
            Array(w, "damaged", d.Buildings.Damaged, static (w, s) =>
            {
                w.WriteStartObject();
                Date(w, "inference", s.Inference);
                w.WriteNumber("cumulative", s.Cumulative);
                w.WriteEndObject();
            });
            w.WriteEndObject();
            Array(w, "areas", d.Areas, static (w, a) =>
            {
                w.WriteStartObject();
                w.WriteString("code", a.Code);
                w.WriteString("name", a.Name);
                Date(w, "inference", a.Inference);
                w.WriteNumber("structures", a.Structures);
                w.WriteNumber("scored", a.Scored);
                w.WriteNumber("damaged", a.Damaged);
                Number(w, "share", a.Share);
                Number(w, "lower", a.Lower);
                Number(w, "upper", a.Upper);
                w.WriteString("method", a.Method);
                w.WriteEndObject();
            });
            if (d.Labels is { } labels)
            {
                w.WriteStartObject("labels");
                w.WriteString("extent", labels.Extent);
                w.WriteNumber("buildings_in_extent", labels.BuildingsInExtent);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("labels");
            }

            Array(w, "validation", d.Validation, static (w, v) =>
            {
                w.WriteStartObject();
                Date(w, "inference", v.Inference);
                w.WriteStartObject("metrics");
                w.WriteNumber("buildings", v.Metrics.Buildings);
                w.WriteNumber("reference_damaged", v.Metrics.ReferenceDamaged);
                Number(w, "roc_auc", v.Metrics.RocAuc);
                Threshold(w, "at_threshold", v.Metrics.AtThreshold);
                Threshold(w, "best_f1", v.Metrics.BestF1);
                w.WriteBoolean("area_weighted", v.Metrics.AreaWeighted);
                w.WriteEndObject();
                w.WriteEndObject();
            });
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Stack(Utf8JsonWriter w, StackSection? stack)
    {
        if (stack is null)
        {
            w.WriteNull("stack");
            return;
        }

        w.WriteStartObject("stack");
        w.WriteString("aligned", stack.Aligned);
        w.WriteBoolean("from_cache", stack.FromCache);
        Array(w, "images", stack.Images, static (w, i) =>
        {
            w.WriteStartObject();
            Date(w, "date", i.Date);
            w.WriteNumber("track", i.Track);
            w.WriteString("polarisation", i.Polarisation);
            w.WriteString("file", i.File);
            Number(w, "coverage", i.Coverage);
            w.WriteString("resampling", i.Resampling);
            w.WriteBoolean("dropped", i.Dropped);
            Array(w, "sources", i.Sources, static (w, s) => w.WriteStringValue(s));
            if (i.Masked is double masked)
            {
                Number(w, "masked", masked);
            }
            else
            {
                w.WriteNull("masked");
            }
            w.WriteEndObject();
        });
        Array(w, "skipped", stack.Skipped, static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("path", s.Path);
            w.WriteString("reason", s.Reason);
            w.WriteEndObject();
        });
        Array(w, "notes", stack.Notes, static (w, s) => w.WriteStringValue(s));
        w.WriteEndObject();
    }

    private static void Threshold(Utf8JsonWriter w, string name, Haven.Damage.Validation.ThresholdMetrics m)
    {
        w.WriteStartObject(name);
        Number(w, "threshold", m.Threshold);
        Number(w, "precision", m.Precision);
        Number(w, "recall", m.Recall);
        Number(w, "f1", m.F1);
        Number(w, "true_positive", m.TruePositive);
        Number(w, "false_positive", m.FalsePositive);
        Number(w, "false_negative", m.FalseNegative);
        w.WriteEndObject();
    }

    /// <summary>A method parameter as the serialiser writes a value of its runtime type.</summary>
    private static void Parameter(Utf8JsonWriter w, string name, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case int n:
                w.WriteNumberValue(n);
                break;
            case long n:
                w.WriteNumberValue(n);
                break;
            case double x:
                Number(w, x);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case string text:
                w.WriteStringValue(text);
                break;
            case double[] numbers:
                w.WriteStartArray();
                foreach (double x in numbers)
                {
                    Number(w, x);
                }

                w.WriteEndArray();
                break;
            case int[] numbers:
                w.WriteStartArray();
                foreach (int n in numbers)
                {
                    w.WriteNumberValue(n);
                }

                w.WriteEndArray();
                break;
            case JsonElement element:
                element.WriteTo(w);
                break;
            default:
                throw new InvalidOperationException($"summary.json: parameter {name} is a {value.GetType().Name}, which is not written.");
        }
    }

    private static void Array<T>(Utf8JsonWriter w, string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> item)
    {
        w.WriteStartArray(name);
        foreach (var x in items)
        {
            item(w, x);
        }

        w.WriteEndArray();
    }

    private static void Date(Utf8JsonWriter w, string name, DateOnly date) => w.WriteString(name, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static void Date(Utf8JsonWriter w, DateOnly date) => w.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static void Number(Utf8JsonWriter w, string name, double x)
    {
        w.WritePropertyName(name);
        Number(w, x);
    }

    /// <summary>A finite number as a number; NaN and the infinities as the strings JSON has instead.</summary>
    private static void Number(Utf8JsonWriter w, double x)
    {
        if (double.IsFinite(x))
        {
            w.WriteNumberValue(x);
        }
        else
        {
            w.WriteStringValue(double.IsNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity");
        }
    }
}
