using ReleaseLint.Fuzz;

// releaselint-fuzz TARGET                  AFL++ (SharpFuzz, persistent in-process mode): inputs from AFL
// releaselint-fuzz TARGET --run FILE...    runs the target once per file (replaying a crash, seeding)
// releaselint-fuzz TARGET --mutate SECONDS CORPUS...  no AFL: an in-process driver that mutates the corpus for SECONDS
if (args.Length == 0 || !Targets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: releaselint-fuzz {string.Join('|', Targets.All.Keys)} [--run FILE... | --mutate SECONDS DIR...]");
    return 2;
}
Environment.SetEnvironmentVariable("RELEASELINT_CACHE_DIR", Path.Combine(Path.GetTempPath(), "releaselint-fuzz-cache"));
if (args.Length > 1 && args[1] == "--run")
{
    foreach (var file in args.Skip(2)) target(File.ReadAllBytes(file));
    return 0;
}
if (args.Length > 2 && args[1] == "--mutate")
    return MutatingDriver.Run(args[0], target, TimeSpan.FromSeconds(double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)), args.Skip(3).ToList());
SharpFuzz.Fuzzer.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
