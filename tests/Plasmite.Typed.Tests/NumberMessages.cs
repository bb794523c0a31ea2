// One message type per numeric member type, stored as a number and (where the rule can refuse) as a string.
using System.Text.Json.Serialization;

namespace Plasmite.Typed.Tests;

[PlasmiteMessage("numbers")] public partial record NSByte(sbyte Value);
[PlasmiteMessage("numbers")] public partial record NByte(byte Value);
[PlasmiteMessage("numbers")] public partial record NInt16(short Value);
[PlasmiteMessage("numbers")] public partial record NUInt16(ushort Value);
[PlasmiteMessage("numbers")] public partial record NInt32(int Value);
[PlasmiteMessage("numbers")] public partial record NUInt32(uint Value);
[PlasmiteMessage("numbers")] public partial record NInt64(long Value);
[PlasmiteMessage("numbers")] public partial record NUInt64(ulong Value);
[PlasmiteMessage("numbers")] public partial record NInt128(Int128 Value);
[PlasmiteMessage("numbers")] public partial record NUInt128(UInt128 Value);
[PlasmiteMessage("numbers")] public partial record NDouble(double Value);
[PlasmiteMessage("numbers")] public partial record NSingle(float Value);
[PlasmiteMessage("numbers")] public partial record NHalf(Half Value);
#pragma warning disable PLSM009 // stored as a number on purpose: the refusal rule is what is tested
[PlasmiteMessage("numbers")] public partial record NDecimal(decimal Value);
[PlasmiteMessage("numbers")] public partial record NDecimalNullable(decimal? Value);
#pragma warning restore PLSM009

[PlasmiteMessage("numbers")]
public partial record SDecimal([property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] decimal Value);

[PlasmiteMessage("numbers")]
public partial record SDecimalNullable([property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] decimal? Value);

[PlasmiteMessage("numbers")]
public partial record SUInt64([property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] ulong Value);

[PlasmiteMessage("numbers")]
public partial record SInt128([property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] Int128 Value);

[PlasmiteMessage("numbers")]
public partial record SUInt128([property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] UInt128 Value);

#pragma warning disable PLSM009
/// <summary>A refused number deep inside a payload is named by its path.</summary>
public sealed record Line(string Sku, decimal Price);

[PlasmiteMessage("numbers")] public partial record NInvoice(List<Line> Lines);
#pragma warning restore PLSM009
