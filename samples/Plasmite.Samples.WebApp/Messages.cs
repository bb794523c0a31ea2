// The sample's message type: orders placed through the API, stored in the "orders" pool.
using Plasmite;

namespace Plasmite.Samples.WebApp;

/// <summary>An order. Stored with tags ["order"].</summary>
[PlasmiteMessage("orders", Kind = "order")]
public partial record Order(string Item, int Quantity);
