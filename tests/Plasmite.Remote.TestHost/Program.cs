// Test-only helper: `append DIR POOL COUNT DELAY_MS` appends COUNT messages {"i":n} through a local pool handle
// in this separate process, DELAY_MS apart, printing each seq; used to prove remote tails see other processes' writes.
using System.Globalization;
using System.Text;
using Plasmite;

if (args.Length != 5 || args[0] != "append")
{
    Console.Error.WriteLine("usage: append DIR POOL COUNT DELAY_MS");
    return 2;
}
string dir = args[1], pool = args[2];
int count = int.Parse(args[3], CultureInfo.InvariantCulture);
int delay = int.Parse(args[4], CultureInfo.InvariantCulture);
using var client = new PlasmiteClient(dir);
using var handle = client.OpenPool(pool);
for (int i = 1; i <= count; i++)
{
    if (delay > 0) Thread.Sleep(delay);
    var receipt = handle.AppendJson(Encoding.UTF8.GetBytes($"{{\"from\":\"child\",\"i\":{i}}}"), ["child"]);
    Console.WriteLine(receipt.Seq.ToString(CultureInfo.InvariantCulture));
}
return 0;
