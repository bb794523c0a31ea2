// The self-contained web UI page (remote-v0 §10.1), compiled into the assembly. Behaviour lives in UiPage.Html.
namespace Plasmite.AspNetCore.Server;

internal static partial class UiPage
{
}
