// Entry point of the `plasmite` command-line tool.
Console.Error.WriteLine("plasmite: the command-line tool is not built yet");
return 1;
