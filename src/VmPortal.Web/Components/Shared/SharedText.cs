using VmPortal.Core;

namespace VmPortal.Web.Components.Shared;

/// <summary>
/// The words of the shared components (progress, tags, copy, times). Components inject <c>IStringLocalizer&lt;SharedText&gt;</c>;
/// the static helpers (<see cref="TimeWords"/>, <see cref="TagText"/>) read the same resource through <c>Get</c>.
/// </summary>
public sealed class SharedText : ResourceText<SharedText>;
