using VmPortal.Core;

namespace VmPortal.Web.Components.Pages.Deploy;

/// <summary>The words of the deploy form, review and progress (DeployText.resx); <see cref="DeployModel"/> reads its checks through <c>Format</c>.</summary>
public sealed class DeployText : ResourceText<DeployText>;
