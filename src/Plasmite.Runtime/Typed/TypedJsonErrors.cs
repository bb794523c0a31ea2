// Maps System.Text.Json failures of typed appends to PlasmiteException (refused numbers name their member path).
using System.Text.Json;

namespace Plasmite.Typed;

/// <summary>The one place typed serialization errors become <see cref="PlasmiteException"/>.</summary>
internal static class TypedJsonErrors
{
    /// <summary>
    /// An append of <paramref name="type"/> failed while serializing: a refused number becomes
    /// <see cref="TypedNumbers.NotExact"/> with the JSON path System.Text.Json reports; anything else is Usage too.
    /// </summary>
    public static PlasmiteException SerializeFailed(JsonException e, Type type)
    {
        if (e is ExactNumberException x) return TypedNumbers.NotExact(e.Path ?? "$", x.TypeName, x.ValueText);
        return new PlasmiteException(ErrorKind.Usage, $"cannot serialize {type.Name}: {e.Message}", inner: e);
    }
}
