using ReleaseLint.Cli;

return ReleaseLintCli.RunConsole(args);
