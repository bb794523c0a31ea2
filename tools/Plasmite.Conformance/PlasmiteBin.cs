// Locates the plasmite CLI for spawn_poke: $PLASMITE_BIN (an executable or a .dll run with dotnet), else PATH.
using System.Diagnostics;

namespace Plasmite.Conformance;

internal static class PlasmiteBin
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        string bin = Environment.GetEnvironmentVariable("PLASMITE_BIN") is { Length: > 0 } b ? b : "plasmite";
        ProcessStartInfo psi;
        if (bin.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            psi = new ProcessStartInfo("dotnet");
            psi.ArgumentList.Add(bin);
        }
        else
        {
            psi = new ProcessStartInfo(bin);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.UseShellExecute = false;
        return psi;
    }
}
