// The attribute that marks a type as a typed Plasmite message; read by Plasmite.Generators and Plasmite.Analyzers.
namespace Plasmite;

/// <summary>
/// Marks a <c>partial</c> record, class or struct as a typed message stored in the pool
/// <see cref="Pool"/>. The source generator emits a typed pool handle (<c>client.Events()</c>),
/// <c>AppendX</c>/<c>GetX</c>/<c>TailX</c> methods, a pool-wide tail over every message type of
/// the pool, and AOT-safe System.Text.Json metadata. See <c>docs/typed-messages.md</c>.
/// </summary>
[global::System.AttributeUsage(global::System.AttributeTargets.Class | global::System.AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class PlasmiteMessageAttribute : global::System.Attribute
{
    /// <summary>Marks a type as a message of the pool named <paramref name="pool"/>.</summary>
    /// <param name="pool">The pool name (no path separators, no <c>://</c>), e.g. <c>"events"</c>.</param>
    public PlasmiteMessageAttribute(string pool)
    {
        Pool = pool;
    }

    /// <summary>The pool the message type is stored in.</summary>
    public string Pool { get; }

    /// <summary>
    /// The message kind, stored as the first tag of every message of this type. Defaults to the
    /// type name in kebab case (<c>UserSignedUp</c> → <c>user-signed-up</c>).
    /// </summary>
    public string? Kind { get; set; }

    /// <summary>Extra tags stored after the kind on every message of this type.</summary>
    public string[]? Tags { get; set; }

    /// <summary>
    /// A user-written <c>JsonSerializerContext</c> whose <c>Default</c> instance provides the
    /// type's JSON metadata instead of the generated one. Disables the direct Lite3 fast path.
    /// </summary>
    public global::System.Type? JsonContext { get; set; }
}
