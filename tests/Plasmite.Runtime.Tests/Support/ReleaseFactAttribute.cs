// A fact that runs only in Release builds: allocation assertions fail in Debug, where unoptimized code allocates.
namespace Plasmite.Tests.Support;

/// <summary>An xunit fact skipped (with the reason) when the test assembly is built in Debug.</summary>
public sealed class ReleaseFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public ReleaseFactAttribute()
    {
#if DEBUG
        Skip = "allocation assertions run in Release only (Debug code allocates where optimized code does not): run ./test.sh or dotnet test -c Release";
#endif
    }
}
