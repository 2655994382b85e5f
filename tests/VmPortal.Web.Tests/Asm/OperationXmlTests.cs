using System.Xml.Linq;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Operations;
using VmPortal.Web.Asm;

namespace VmPortal.Web.Tests.Asm;

/// <summary>
/// What the classic client's long-running wrappers read while they poll: <c>InProgress</c> without a status code, then
/// the outcome — a failure with the status its call would have answered and the portal's code first in the message.
/// </summary>
public sealed class OperationXmlTests
{
    private static readonly XNamespace Ns = "http://schemas.microsoft.com/windowsazure";

    [Fact]
    public void A_running_operation_has_no_status_code_yet_and_a_failed_one_carries_its_error()
    {
        var id = Guid.NewGuid();
        var running = OperationXml.Element(Operation(id, OperationStatus.InProgress, null));
        Assert.Equal((id.ToString(), "InProgress"), ((string?)running.Element(Ns + "ID"), (string?)running.Element(Ns + "Status")));
        Assert.Null(running.Element(Ns + "HttpStatusCode"));
        Assert.Null(running.Element(Ns + "Error"));

        var failed = OperationXml.Element(Operation(id, OperationStatus.Failed,
            new OperationErrorView("ProvisioningFailed", "The guest of 'web1' did not finish provisioning.")));
        Assert.Equal(("Failed", "500"), ((string?)failed.Element(Ns + "Status"), (string?)failed.Element(Ns + "HttpStatusCode")));
        var error = failed.Element(Ns + "Error")!;
        Assert.Equal("InternalError", (string?)error.Element(Ns + "Code"));
        Assert.Equal("ProvisioningFailed: The guest of 'web1' did not finish provisioning.", (string?)error.Element(Ns + "Message"));

        var conflict = OperationXml.Element(Operation(id, OperationStatus.Failed, new OperationErrorView("ImageNameConflict", "Taken.")));
        Assert.Equal(("409", "ConflictError"),
            ((string?)conflict.Element(Ns + "HttpStatusCode"), (string?)conflict.Element(Ns + "Error")!.Element(Ns + "Code")));

        var succeeded = OperationXml.Element(Operation(id, OperationStatus.Succeeded, null));
        Assert.Equal("200", (string?)succeeded.Element(Ns + "HttpStatusCode"));
    }

    private static OperationView Operation(Guid id, OperationStatus status, OperationErrorView? error) =>
        new(id, "DeployVM", status, 100, null, "cloud-services/shop/vms/web1", DateTimeOffset.UnixEpoch, null, error);
}
