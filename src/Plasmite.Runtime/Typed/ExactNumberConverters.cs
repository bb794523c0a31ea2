// System.Text.Json converters for the numeric types whose stored form can lose precision; they apply TypedNumbers' rule on the JSON path.
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Plasmite.Typed;

/// <summary>
/// The converters the generated JSON metadata uses for <see cref="decimal"/>, <see cref="ulong"/>, <see cref="Int128"/>,
/// <see cref="UInt128"/>, <see cref="double"/>, <see cref="float"/> and <see cref="System.Half"/> members
/// (docs/design/typed-numbers.md): they write the number System.Text.Json writes, but refuse a value the pool cannot
/// store as a number that reads back equal (see <see cref="TypedNumbers"/>). Appends surface the refusal as
/// <see cref="PlasmiteException"/> <see cref="ErrorKind.Usage"/> naming the member path.
/// </summary>
/// <remarks>For generated code; application code does not need to use it.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ExactNumberConverters
{
    /// <summary>decimal: refused when its stored number would not read back as an equal decimal.</summary>
    public static JsonConverter<decimal> Decimal { get; } = new DecimalConverter();

    /// <summary>ulong: refused above <see cref="long.MaxValue"/>.</summary>
    public static JsonConverter<ulong> UInt64 { get; } = new UInt64Converter();

    /// <summary>Int128: refused outside the i64 range.</summary>
    public static JsonConverter<Int128> Int128 { get; } = new Int128Converter();

    /// <summary>UInt128: refused above <see cref="long.MaxValue"/>.</summary>
    public static JsonConverter<UInt128> UInt128 { get; } = new UInt128Converter();

    /// <summary>double: refused when NaN or infinite.</summary>
    public static JsonConverter<double> Double { get; } = new DoubleConverter();

    /// <summary>float: refused when NaN or infinite.</summary>
    public static JsonConverter<float> Single { get; } = new SingleConverter();

    /// <summary>Half: refused when NaN or infinite.</summary>
    public static JsonConverter<Half> Half { get; } = new HalfConverter();

    private static bool WriteAsString(JsonSerializerOptions o) => (o.NumberHandling & JsonNumberHandling.WriteAsString) != 0;

    private static bool ReadsStrings(JsonSerializerOptions o) => (o.NumberHandling & JsonNumberHandling.AllowReadingFromString) != 0;

    private static bool NamedLiterals(JsonSerializerOptions o) => (o.NumberHandling & JsonNumberHandling.AllowNamedFloatingPointLiterals) != 0;

    /// <summary>The number's text: the token's bytes, or a string token's content when the options allow reading numbers from strings.</summary>
    private static int NumberText(ref Utf8JsonReader reader, JsonSerializerOptions options, string typeName, scoped Span<byte> scratch)
    {
        if (reader.TokenType == JsonTokenType.Number || (reader.TokenType == JsonTokenType.String && ReadsStrings(options)))
        {
            long length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
            if (length > scratch.Length) throw NotReadable(typeName);
            if (reader.TokenType == JsonTokenType.String) return reader.CopyString(scratch);
            if (reader.HasValueSequence)
            {
                System.Buffers.BuffersExtensions.CopyTo(reader.ValueSequence, scratch);
                return (int)length;
            }
            reader.ValueSpan.CopyTo(scratch);
            return (int)length;
        }
        throw NotReadable(typeName);
    }

    private static JsonException NotReadable(string typeName) => new($"The JSON value could not be converted to {typeName}.");

    private const int TextMax = 128;

    private sealed class DecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Span<byte> scratch = stackalloc byte[TextMax];
            var text = scratch[..NumberText(ref reader, options, "System.Decimal", scratch)];
            return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal v) ? v : throw NotReadable("System.Decimal");
        }

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
        {
            if (WriteAsString(options)) { writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture)); return; }
            if (!TypedNumbers.TryMapDecimal(value, out _, out _, out _)) throw new ExactNumberException("decimal", value.ToString(CultureInfo.InvariantCulture));
            writer.WriteNumberValue(value);
        }
    }

    private sealed class UInt64Converter : JsonConverter<ulong>
    {
        public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Span<byte> scratch = stackalloc byte[TextMax];
            var text = scratch[..NumberText(ref reader, options, "System.UInt64", scratch)];
            return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : throw NotReadable("System.UInt64");
        }

        public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options)
        {
            if (WriteAsString(options)) { writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture)); return; }
            if (!TypedNumbers.TryMapUInt64(value, out _)) throw new ExactNumberException("ulong", value.ToString(CultureInfo.InvariantCulture));
            writer.WriteNumberValue(value);
        }

        // Dictionary keys are strings, so every ulong key is stored exactly.
        public override ulong ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ulong.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : throw NotReadable("System.UInt64");

        public override void WriteAsPropertyName(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value.ToString(CultureInfo.InvariantCulture));
    }

    private sealed class Int128Converter : JsonConverter<Int128>
    {
        public override Int128 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Span<byte> scratch = stackalloc byte[TextMax];
            var text = scratch[..NumberText(ref reader, options, "System.Int128", scratch)];
            return System.Int128.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out Int128 v) ? v : throw NotReadable("System.Int128");
        }

        public override void Write(Utf8JsonWriter writer, Int128 value, JsonSerializerOptions options)
        {
            if (WriteAsString(options)) { writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture)); return; }
            if (!TypedNumbers.TryMapInt128(value, out long i64)) throw new ExactNumberException("Int128", value.ToString(CultureInfo.InvariantCulture));
            writer.WriteNumberValue(i64);
        }
    }

    private sealed class UInt128Converter : JsonConverter<UInt128>
    {
        public override UInt128 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Span<byte> scratch = stackalloc byte[TextMax];
            var text = scratch[..NumberText(ref reader, options, "System.UInt128", scratch)];
            return System.UInt128.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out UInt128 v) ? v : throw NotReadable("System.UInt128");
        }

        public override void Write(Utf8JsonWriter writer, UInt128 value, JsonSerializerOptions options)
        {
            if (WriteAsString(options)) { writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture)); return; }
            if (!TypedNumbers.TryMapUInt128(value, out long i64)) throw new ExactNumberException("UInt128", value.ToString(CultureInfo.InvariantCulture));
            writer.WriteNumberValue(i64);
        }
    }

    private sealed class DoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Span<byte> scratch = stackalloc byte[TextMax];
            var text = scratch[..NumberText(ref reader, options, "System.Double", scratch)];
            bool ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v);
            return ok && (double.IsFinite(v) || NamedLiterals(options)) ? v : throw NotReadable("System.Double");
        }

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (!double.IsFinite(value) && NamedLiterals(options)) { writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture)); return; }
            if (WriteAsString(options)) { writer.WriteStringValue(value.ToString("R", CultureInfo.InvariantCulture)); return; }
            if (!double.IsFinite(value)) throw new ExactNumberException("double", value.ToString(CultureInfo.InvariantCulture));
            writer.WriteNumberValue(value);
        }
    }

    private sealed class SingleConverter : JsonConverter<float>
    {
        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Span<byte> scratch = stackalloc byte[TextMax];
            var text = scratch[..NumberText(ref reader, options, "System.Single", scratch)];
            bool ok = float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float v);
            return ok && (float.IsFinite(v) || NamedLiterals(options)) ? v : throw NotReadable("System.Single");
        }

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
        {
            if (!float.IsFinite(value) && NamedLiterals(options)) { writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture)); return; }
            if (WriteAsString(options)) { writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture)); return; }
            if (!float.IsFinite(value)) throw new ExactNumberException("float", value.ToString(CultureInfo.InvariantCulture));
            writer.WriteNumberValue(value);
        }
    }

    private sealed class HalfConverter : JsonConverter<Half>
    {
        public override Half Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Span<byte> scratch = stackalloc byte[TextMax];
            var text = scratch[..NumberText(ref reader, options, "System.Half", scratch)];
            bool ok = System.Half.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out Half v);
            return ok && (System.Half.IsFinite(v) || NamedLiterals(options)) ? v : throw NotReadable("System.Half");
        }

        public override void Write(Utf8JsonWriter writer, Half value, JsonSerializerOptions options)
        {
            string text = value.ToString(CultureInfo.InvariantCulture);
            if (!System.Half.IsFinite(value) && NamedLiterals(options)) { writer.WriteStringValue(text); return; }
            if (WriteAsString(options)) { writer.WriteStringValue(text); return; }
            if (!System.Half.IsFinite(value)) throw new ExactNumberException("Half", text);
            writer.WriteRawValue(text, skipInputValidation: true);
        }
    }
}

/// <summary>Thrown by <see cref="ExactNumberConverters"/> for a value the pool cannot store exactly; System.Text.Json adds the member path.</summary>
internal sealed class ExactNumberException : JsonException
{
    public ExactNumberException(string typeName, string valueText)
        : base($"{typeName} value {valueText} cannot be stored as a JSON number that reads back equal")
    {
        TypeName = typeName;
        ValueText = valueText;
    }

    public string TypeName { get; }

    public string ValueText { get; }
}
