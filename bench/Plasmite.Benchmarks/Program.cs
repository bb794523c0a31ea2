// Entry point for the BenchmarkDotNet suites in this folder; `--cpu-lite3` runs the CPU-time harness instead.
using BenchmarkDotNet.Running;
using Plasmite.Benchmarks;

if (args.Length > 0 && args[0] == "--cpu-lite3")
{
    CpuLite3.Run(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
