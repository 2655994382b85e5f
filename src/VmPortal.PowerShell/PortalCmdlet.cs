using System.Management.Automation;
using System.Text.Json.Nodes;

namespace VmPortal.PowerShell;

/// <summary>
/// What every VmPortal cmdlet shares: portal refusals become PowerShell errors carrying the API's code and
/// detail, and long operations are followed with Write-Progress until they end.
/// </summary>
public abstract class PortalCmdlet : PSCmdlet
{
    internal static PortalSession Session => PortalSession.Current;

    protected sealed override void ProcessRecord()
    {
        try
        {
            Run();
        }
        catch (PortalApiException e)
        {
            var category = e.Status switch
            {
                System.Net.HttpStatusCode.NotFound => ErrorCategory.ObjectNotFound,
                System.Net.HttpStatusCode.Conflict => ErrorCategory.ResourceExists,
                System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden => ErrorCategory.PermissionDenied,
                null => ErrorCategory.ConnectionError,
                _ => ErrorCategory.InvalidArgument,
            };
            WriteError(new ErrorRecord(e, e.Code, category, null) { ErrorDetails = new ErrorDetails($"{e.Code}: {e.Message}") });
        }
        catch (HttpRequestException e)
        {
            WriteError(new ErrorRecord(e, "PortalUnreachable", ErrorCategory.ConnectionError, null));
        }
    }

    protected abstract void Run();

    /// <summary>Follows an operation (the body of a 202) to its end, showing progress; a failed one becomes an error.</summary>
    internal JsonNode WaitForOperation(JsonNode accepted, string activity)
    {
        var id = accepted["id"]!.GetValue<string>();
        var progress = new ProgressRecord(Math.Abs(id.GetHashCode()) % 100000 + 1, activity, "Queued");
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var operation = Session.Get($"/api/operations/{id}")!;
            var status = operation["status"]!.GetValue<string>();
            progress.PercentComplete = operation["progress"]!.GetValue<int>();
            progress.StatusDescription = operation["statusMessage"]?.GetValue<string>() ?? status;
            if (status != "InProgress")
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
                if (status == "Failed")
                    throw new PortalApiException(operation["error"]?["code"]?.GetValue<string>() ?? "Failed",
                        operation["error"]?["message"]?.GetValue<string>() ?? "The operation failed.");
                return operation;
            }
            WriteProgress(progress);
            Thread.Sleep(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 2000));
        }
    }
}
