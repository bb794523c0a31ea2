// The `append` verb: `append DIR POOL COUNT DELAY_MS` appends COUNT messages {"from":"child","i":n} through the
// public local-pool API in this separate process, DELAY_MS apart, printing each seq (remote tails see other processes' writes).
using System.Globalization;
using System.Text;
using Plasmite;

internal static class AppendVerb
{
    public static int Run(string dir, string pool, int count, int delayMs)
    {
        using var client = new PlasmiteClient(dir);
        using var handle = client.OpenPool(pool);
        for (int i = 1; i <= count; i++)
        {
            if (delayMs > 0) Thread.Sleep(delayMs);
            var receipt = handle.AppendJson(Encoding.UTF8.GetBytes($"{{\"from\":\"child\",\"i\":{i}}}"), ["child"]);
            Console.WriteLine(receipt.Seq.ToString(CultureInfo.InvariantCulture));
        }
        return 0;
    }
}
