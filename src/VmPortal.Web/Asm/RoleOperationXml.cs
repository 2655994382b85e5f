using VmPortal.Core.Capture;
using VmPortal.Core.Security;

namespace VmPortal.Web.Asm;

/// <summary>
/// ASM.md §2.5: what a <c>POST …/roleinstances/{vm}/Operations</c> asks for, told apart by the body's root element.
/// Capturing as a VM image and the power operations are implemented; any other (<c>CaptureRoleOperation</c>, the OS-image
/// capture, say) is refused with 400 naming it.
/// </summary>
internal abstract record RoleOperation(string AuditAction)
{
    public sealed record CaptureVmImage(CaptureRequest Request) : RoleOperation(AuditActions.CaptureVmImage);

    /// <summary><c>PostShutdownAction</c> StoppedDeallocated also releases the host; Stopped (the default) keeps it.</summary>
    public sealed record Shutdown(bool Deallocate) : RoleOperation(AuditActions.StopVm);

    public sealed record Start() : RoleOperation(AuditActions.StartVm);

    public sealed record Restart() : RoleOperation(AuditActions.RestartVm);

    private const string Capture = "CaptureRoleAsVMImageOperation", Stop = "ShutdownRoleOperation",
        Boot = "StartRoleOperation", Reboot = "RestartRoleOperation";

    public static async Task<RoleOperation> ReadAsync(HttpRequest request)
    {
        var body = await AsmRequest.ReadAsync(request, Capture, Stop, Boot, Reboot);
        if (body.Value("OperationType") is { } type && type != body.Name)
            throw AsmElement.Refused($"{body.Path}/OperationType is '{type}' but the body is a <{body.Name}>; they must agree.");
        RoleOperation operation = body.Name switch
        {
            Capture => new CaptureVmImage(new CaptureRequest(body.Text("OSState"), body.Text("VMImageName"), body.Text("VMImageLabel"))),
            Stop => new Shutdown(body.Value("PostShutdownAction") switch
            {
                null or "Stopped" => false,
                "StoppedDeallocated" => true,
                var other => throw AsmElement.Refused($"{body.Path}/PostShutdownAction is '{other}'; use Stopped or StoppedDeallocated."),
            }),
            Boot => new Start(),
            _ => new Restart(),
        };
        body.RefuseOthers();
        return operation;
    }
}
