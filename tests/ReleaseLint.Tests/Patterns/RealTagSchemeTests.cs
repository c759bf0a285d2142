using System.Globalization;
using System.Text;
using ReleaseLint.Inputs;
using ReleaseLint.Patterns;
using ReleaseLint.Policy;

namespace ReleaseLint.Tests.Patterns;

/// <summary>
/// Which real tag schemes the format language can say: every row of <c>tests/realworld/labels/history/tag-schemes.tsv</c>
/// is a repository's tag scheme written in the language, checked against all of its tags (the history set's committed
/// tag lists, the shared corpus's <c>tags.txt</c>), against the label's own regular expression, and against what
/// <see cref="TagSchemeInference"/> finds. Set <c>RELEASELINT_UPDATE_TAG_SCHEMES=1</c> to rewrite the measured columns.
/// </summary>
public sealed class RealTagSchemeTests
{
    private static readonly string Folder = Path.Combine(TestPaths.Root, "tests", "realworld", "labels", "history");
    private static readonly string Table = Path.Combine(Folder, "tag-schemes.tsv");

    /// <summary>One row of the table; the measured columns as recorded.</summary>
    private sealed record Row(string Repo, string Source, string Formats, string Since, string Ignore, string Judged, string Accepted, string Label, string Inferred)
    {
        public string Key => Repo.Replace("/", "__", StringComparison.Ordinal);
        public override string ToString() => string.Join('\t', Repo, Source, Formats, Since, Ignore, Judged, Accepted, Label, Inferred);
    }

    private static List<Row> Rows() => File.ReadAllLines(Table).Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.Split('\t')).Select(c => new Row(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8])).ToList();

    /// <summary>The tags of a row in creation order with their dates (null for the corpus, whose list has none); null when absent.</summary>
    private static List<(DateOnly? Date, string Name)>? Tags(Row row)
    {
        if (row.Source == "history")
            return File.ReadAllLines(Path.Combine(Folder, "tags", row.Key + ".tsv")).Where(l => l.Length > 0).Select(l => l.Split('\t'))
                .Select(c => ((DateOnly?)DateOnly.ParseExact(c[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), c[1])).ToList();
        if (TestPaths.Corpus is not { } corpus) return null;
        return File.ReadAllLines(Path.Combine(corpus, row.Key, "tags.txt")).Where(l => l.Length > 0).Select(n => ((DateOnly?)null, n)).ToList();
    }

    /// <summary>The measured columns of a row, from its tags.</summary>
    private static Row Measure(Row row, List<(DateOnly? Date, string Name)> tags)
    {
        var scheme = new TagScheme(row.Formats.Split(" ; ").Select(NameFormat.Parse).ToList());
        if (row.Since != "-")
        {
            var since = DateOnly.TryParseExact(row.Since, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                : tags.Single(t => t.Name == row.Since).Date!.Value;
            tags = tags.Where(t => t.Date >= since).ToList();
        }
        if (row.Ignore != "-") tags = tags.Where(t => !FilterPattern.Parse(row.Ignore).IsMatch(t.Name)).ToList();
        var names = tags.Select(t => t.Name).ToList();
        var judged = names.Where(n => scheme.Match(n).Success || scheme.LooksLikeAttempt(n)).ToList();
        var accepted = judged.Count(n => scheme.Match(n).Success);
        var label = "-";
        if (row.Source == "history")
        {
            var (policy, problems) = PolicyLoader.Load(new SourceText(".releaselint.yml", File.ReadAllText(Path.Combine(Folder, row.Key + ".today.yml"))));
            Assert.DoesNotContain(problems, p => p.Message.Contains("tags.format", StringComparison.Ordinal));
            label = judged.Count(n => scheme.Match(n).Success != policy.TagFormat.Match(n).Success).ToString(CultureInfo.InvariantCulture);
        }
        var inferred = TagSchemeInference.Infer(names);
        var inferredText = inferred.Scheme is { } s ? string.Join(" ; ", s.Families.Select(f => f.Text)) : "none";
        return row with
        {
            Judged = judged.Count.ToString(CultureInfo.InvariantCulture),
            Accepted = accepted.ToString(CultureInfo.InvariantCulture),
            Label = label,
            Inferred = inferredText,
        };
    }

    [Fact]
    public void Every_real_tag_scheme_in_the_table_is_said_by_the_format_language_as_recorded()
    {
        var rows = Rows();
        Assert.True(rows.Count >= 20, "the table lists the history set");
        var measured = new List<string>();
        var update = Environment.GetEnvironmentVariable("RELEASELINT_UPDATE_TAG_SCHEMES") == "1";
        var failures = new StringBuilder();
        var lines = File.ReadAllLines(Table).ToList();
        foreach (var row in rows)
        {
            if (Tags(row) is not { } tags) continue; // a corpus row without the corpus
            var now = Measure(row, tags);
            if (now.ToString() != row.ToString()) failures.AppendLine($"recorded {row}\nmeasured {now}");
            lines[lines.IndexOf(row.ToString())] = now.ToString();
            // a scheme the language says: its formats accept at least the share init requires of the tags they judge
            if (int.Parse(now.Judged, CultureInfo.InvariantCulture) is var judged and > 0)
                Assert.True(int.Parse(now.Accepted, CultureInfo.InvariantCulture) >= Math.Ceiling(InferredScheme.Threshold * judged), $"{row.Repo}: {now.Accepted} of {judged}");
        }
        if (update) File.WriteAllLines(Table, lines);
        else Assert.True(failures.Length == 0, failures.ToString());
    }

    [Fact]
    public void The_history_tag_lists_are_whole_and_in_creation_order()
    {
        foreach (var row in Rows().Where(r => r.Source == "history"))
        {
            var tags = Tags(row)!;
            Assert.NotEmpty(tags);
            Assert.Equal(tags.Count, tags.Select(t => t.Name).Distinct().Count());
            Assert.True(tags.Zip(tags.Skip(1)).All(p => p.First.Date <= p.Second.Date), row.Repo); // dates in UTC
        }
    }
}
