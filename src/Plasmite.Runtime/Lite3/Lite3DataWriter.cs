// Callback type used to write the members of a message's data object straight into Lite3.
namespace Plasmite.Lite3;

/// <summary>
/// Writes the members of the already-open <c>data</c> object of a message envelope. The callback
/// decides the member order; to match the original byte for byte, write keys sorted by their UTF-8 bytes.
/// </summary>
/// <typeparam name="TState">The value being written.</typeparam>
/// <param name="writer">The writer positioned inside the open <c>data</c> object.</param>
/// <param name="state">The value being written.</param>
public delegate void Lite3DataWriter<TState>(Lite3Writer writer, TState state);
