// Entry point for the BenchmarkDotNet suites in this folder.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
