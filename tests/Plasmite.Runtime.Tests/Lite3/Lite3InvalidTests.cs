// Every case of invalid.json is refused by the matching C# path with a Corrupt error carrying an offset.
using System.Buffers;
using Plasmite.Lite3;

namespace Plasmite.Tests.Lite3;

[Trait("Category", "Unit")]
public class Lite3InvalidTests
{
    public static IEnumerable<object[]> Names() => Lite3Vectors.InvalidNames();

    [Theory]
    [MemberData(nameof(Names))]
    public void Validate_bytes_path(string name)
    {
        InvalidCase c = Lite3Vectors.Invalid[name];
        string upstream = c.Upstream["validate_bytes"];
        PlasmiteException? error = Catch(() => Lite3Envelope.Validate(c.Lite3));
        if (c.RejectedBy.Contains("validate_bytes"))
        {
            Assert.NotNull(error);
            Assert.Equal(ErrorKind.Corrupt, error.Kind);
            Assert.NotNull(error.Offset);
            Assert.StartsWith(upstream["REJECT ".Length..], error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("OK", upstream);
            Assert.Null(error);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Read_path(string name)
    {
        InvalidCase c = Lite3Vectors.Invalid[name];
        string upstream = c.Upstream["decode_payload"];
        PlasmiteException? error = Catch(() => ReadMessage(c.Lite3));
        if (c.RejectedBy.Contains("decode_payload"))
        {
            Assert.NotNull(error);
            Assert.Equal(ErrorKind.Corrupt, error.Kind);
            Assert.NotNull(error.Offset);
            Assert.StartsWith(upstream["REJECT ".Length..], error.Message, StringComparison.Ordinal);
        }
        else if (name == "tags_is_object")
        {
            // Upstream's read path counts the members of an object; ours requires an array (stricter on purpose).
            Assert.NotNull(error);
            Assert.Equal("meta.tags must be array", error.Message);
        }
        else
        {
            Assert.Equal("OK", upstream);
            Assert.Null(error);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Whole_document_decoder(string name)
    {
        InvalidCase c = Lite3Vectors.Invalid[name];
        PlasmiteException? decode = Catch(() => Lite3Json.ToJsonString(c.Lite3));
        PlasmiteException? validate = Catch(() => Lite3Json.Validate(c.Lite3));
        if (c.RejectedBy.Contains("json_enc_root"))
        {
            Assert.NotNull(decode);
            Assert.Equal(ErrorKind.Corrupt, decode.Kind);
            Assert.NotNull(decode.Offset);
            Assert.NotNull(validate);
            Assert.Equal(decode.Message, validate.Message);
        }
        else
        {
            Assert.Equal("OK", c.Upstream["json_enc_root"]);
            Assert.Null(decode);
            Assert.Null(validate);
        }
    }

    internal static void ReadMessage(ReadOnlySpan<byte> payload)
    {
        Lite3Envelope.ReadMessage(payload, new ArrayBufferWriter<byte>());
    }

    private static PlasmiteException? Catch(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (PlasmiteException e)
        {
            return e;
        }
    }
}
