namespace Plasmite.Tests;

[Trait("Category", "Unit")]
public class ErrorsTests
{
    [Theory]
    [InlineData(ErrorKind.Internal, 1, "internal error")]
    [InlineData(ErrorKind.Usage, 2, "usage error")]
    [InlineData(ErrorKind.NotFound, 3, "not found")]
    [InlineData(ErrorKind.AlreadyExists, 4, "already exists")]
    [InlineData(ErrorKind.Busy, 5, "resource is busy")]
    [InlineData(ErrorKind.Permission, 6, "permission denied")]
    [InlineData(ErrorKind.Corrupt, 7, "corrupt data")]
    [InlineData(ErrorKind.Io, 8, "i/o error")]
    [InlineData(ErrorKind.RetentionGap, 9, "retention gap")]
    public void Kinds_have_stable_codes_and_default_messages(ErrorKind kind, int code, string message)
    {
        Assert.Equal(code, (int)kind);
        var e = new PlasmiteException(kind);
        Assert.Equal(message, e.Message);
        Assert.Equal(kind, e.Kind);
    }

    [Fact]
    public void Log_string_lists_only_present_context()
    {
        var e = new PlasmiteException(ErrorKind.NotFound, "message not found", seq: 42);
        Assert.Equal("plasmite error: kind=NotFound; message=message not found; seq=42", e.ToLogString());
        var withPath = e.WithPath("/tmp/p.plasmite");
        Assert.Equal("/tmp/p.plasmite", withPath.Path);
        Assert.Equal(42UL, withPath.Seq);
        Assert.Equal(ErrorKind.NotFound, withPath.Kind);
    }
}
