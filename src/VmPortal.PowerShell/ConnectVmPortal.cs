using System.Management.Automation;

namespace VmPortal.PowerShell;

/// <summary>Signs in to a portal (a token from <c>POST /api/auth/token</c>) for the cmdlets that follow.</summary>
[Cmdlet(VerbsCommunications.Connect, "VmPortal")]
public sealed class ConnectVmPortal : PortalCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public Uri Uri { get; set; } = null!;

    [Parameter(Mandatory = true)]
    [Credential]
    public PSCredential Credential { get; set; } = null!;

    protected override void Run()
    {
        var session = PortalSession.Open(Uri, Credential.UserName, Credential.GetNetworkCredential().Password);
        WriteVerbose($"Connected to {session.Uri} as {Credential.UserName}.");
    }
}
