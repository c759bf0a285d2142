namespace ReleaseLint.Fuzz;

/// <summary>
/// The fallback when AFL++ is not installed: an in-process driver that mutates the corpus (bit flips, byte
/// insertions and deletions, splices of two inputs, repeated chunks, interesting bytes) and runs the target on
/// each mutant, for a fixed time. Crashing inputs are written to <c>crashes/</c> under the first corpus folder's
/// parent. No coverage guidance: it finds less than AFL++, but needs nothing installed.
/// </summary>
internal static class MutatingDriver
{
    private static readonly byte[][] Tokens =
    [
        "\n"u8.ToArray(), ": "u8.ToArray(), "- "u8.ToArray(), "&a "u8.ToArray(), "*a"u8.ToArray(), "{"u8.ToArray(), "}"u8.ToArray(),
        "["u8.ToArray(), "]"u8.ToArray(), "("u8.ToArray(), ")"u8.ToArray(), "#"u8.ToArray(), "${{ "u8.ToArray(), " }}"u8.ToArray(),
        "\""u8.ToArray(), "'"u8.ToArray(), "<!-- "u8.ToArray(), " -->"u8.ToArray(), "`"u8.ToArray(), "```"u8.ToArray(), "\\"u8.ToArray(),
        "\t"u8.ToArray(), "\r"u8.ToArray(), "\0"u8.ToArray(), "\xff"u8.ToArray(), "\u00e9"u8.ToArray(), "1e999"u8.ToArray(), "-1"u8.ToArray(),
        "null"u8.ToArray(), "true"u8.ToArray(), "releaselint-disable "u8.ToArray(), "re:"u8.ToArray(), "**/"u8.ToArray(), "[!"u8.ToArray(),
    ];

    public static int Run(string name, Action<byte[]> target, TimeSpan duration, IReadOnlyList<string> corpusDirs)
    {
        var corpus = corpusDirs.SelectMany(d => Directory.Exists(d) ? Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories) : [])
            .Select(File.ReadAllBytes).Where(b => b.Length <= 64 * 1024).ToList();
        if (corpus.Count == 0) corpus.Add("a: b\n"u8.ToArray());
        var crashDir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(corpusDirs.FirstOrDefault() ?? "."))!, "crashes-" + name);
        var random = new Random(Environment.TickCount);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long executions = 0, crashes = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (clock.Elapsed < duration)
        {
            var input = Mutate(corpus[random.Next(corpus.Count)], corpus, random);
            executions++;
            try
            {
                target(input);
            }
            catch (Exception e)
            {
                var key = e.GetType().Name + "|" + (e.StackTrace ?? "").Split('\n').FirstOrDefault()?.Trim();
                if (seen.Add(key))
                {
                    crashes++;
                    Directory.CreateDirectory(crashDir);
                    File.WriteAllBytes(Path.Combine(crashDir, $"crash-{crashes}.bin"), input);
                    Console.Error.WriteLine($"crash {crashes}: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
                }
            }
        }
        Console.WriteLine($"{name}: {executions} executions in {clock.Elapsed.TotalSeconds:0} s, {crashes} distinct crashes");
        return crashes == 0 ? 0 : 1;
    }

    private static byte[] Mutate(byte[] seed, List<byte[]> corpus, Random random)
    {
        var data = new List<byte>(seed);
        var rounds = 1 + random.Next(8);
        for (var r = 0; r < rounds; r++)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count + 1);
            switch (random.Next(7))
            {
                case 0 when data.Count > 0: data[Math.Min(at, data.Count - 1)] ^= (byte)(1 << random.Next(8)); break;
                case 1: data.InsertRange(at, Tokens[random.Next(Tokens.Length)]); break;
                case 2 when data.Count > 0: data.RemoveRange(Math.Min(at, data.Count - 1), Math.Min(1 + random.Next(16), data.Count - Math.Min(at, data.Count - 1))); break;
                case 3:
                    var other = corpus[random.Next(corpus.Count)];
                    if (other.Length > 0)
                    {
                        var from = random.Next(other.Length);
                        data.InsertRange(at, other.Skip(from).Take(1 + random.Next(Math.Min(256, other.Length - from))));
                    }
                    break;
                case 4 when data.Count > 0:
                    var start = random.Next(data.Count);
                    var chunk = data.Skip(start).Take(1 + random.Next(Math.Min(32, data.Count - start))).ToArray();
                    for (var k = random.Next(1, 64); k > 0; k--) data.InsertRange(at, chunk);
                    break;
                case 5 when data.Count > 0: data[Math.Min(at, data.Count - 1)] = (byte)random.Next(256); break;
                default: data.Insert(at, (byte)" \n:-#[{\"'*&!|>"[random.Next(14)]); break;
            }
        }
        return data.Count > 256 * 1024 ? data.Take(256 * 1024).ToArray() : data.ToArray();
    }
}
