using VmPortal.Core;

namespace VmPortal.Web.Components.Pages.Operations;

/// <summary>The words of the operation pages (OperationsText.resx); the static <see cref="OperationText"/> reads them through <c>Format</c>.</summary>
public sealed class OperationsText : ResourceText<OperationsText>;
