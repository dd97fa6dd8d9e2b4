using Haven.Cli;

return await HavenCommand.RunAsync(args, TimeProvider.System);
