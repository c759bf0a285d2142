using System.CommandLine;
using ReleaseLint.Cli;

return ReleaseLintCli.Run(args, Console.Out, Console.Error);
