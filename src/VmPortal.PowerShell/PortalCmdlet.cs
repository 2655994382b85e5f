using System.Management.Automation;
using System.Text.Json.Nodes;

namespace VmPortal.PowerShell;

/// <summary>
/// What every VmPortal cmdlet shares: portal refusals become non-terminating errors carrying the API's code (the error
/// id), a category from the code and the object acted on, and long operations are followed with Write-Progress.
/// </summary>
public abstract class PortalCmdlet : PSCmdlet
{
    internal static PortalSession Session => PortalSession.Current;

    /// <summary>What the cmdlet acts on, for an error's <c>TargetObject</c>: an image name, <c>service/vm</c>, …</summary>
    protected virtual object? Target => null;

    protected sealed override void ProcessRecord()
    {
        try
        {
            Run();
        }
        catch (PortalApiException e)
        {
            WriteError(new ErrorRecord(e, e.Code, ErrorCategories.Of(e.Code), Target) { ErrorDetails = new ErrorDetails($"{e.Code}: {e.Message}") });
        }
        catch (HttpRequestException e)
        {
            WriteError(new ErrorRecord(e, "PortalUnreachable", ErrorCategory.ConnectionError, Target));
        }
    }

    protected abstract void Run();

    /// <summary>Follows an operation (the body of a 202) to its end, showing progress; a failed one becomes an error with its code.</summary>
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
                    throw new PortalApiException(operation["error"]?["code"]?.GetValue<string>() ?? "InternalError",
                        operation["error"]?["message"]?.GetValue<string>() ?? "The operation failed.");
                return operation;
            }
            WriteProgress(progress);
            Thread.Sleep(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 2000));
        }
    }
}
