using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.Security;

/// <summary>A VM's admin password goes in through the API and comes out nowhere: not in logs, audit, operations or the database file.</summary>
[Collection(typeof(ApiPortal))]
public sealed class SecretTests(PortalApp app)
{
    [Fact]
    public async Task A_deployed_VMs_password_is_in_no_log_audit_entry_operation_row_or_database_file()
    {
        var password = $"Sx{Guid.NewGuid():N}"[..16] + "!7";
        var sshKey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC" + Guid.NewGuid().ToString("N") + " secret-key-comment";
        var service = ApiClient.UniqueName("secret");
        using var http = app.CreateClient(PortalRoles.Operator);

        using var deployed = await http.PostJsonAsync($"/api/cloud-services/{service}/vms", new
        {
            name = "vault1", imageName = "Windows-Server-2012-R2-Datacenter", instanceSize = "Small", location = "West US", waitForBoot = true,
            provisioning = new { computerName = "vault1", adminUserName = "keeper", adminPassword = password },
        });
        var operation = await deployed.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("Succeeded", (await OperationPolling.UntilFinishedAsync(http, operation.S("id"))).S("status"));
        // A refused deploy carries the password too (and an SSH key): its error and audit entry must not echo them.
        using var refused = await http.PostJsonAsync($"/api/cloud-services/{service}/vms", new
        {
            name = "vault2", imageName = "no-such-image", instanceSize = "Small",
            provisioning = new { computerName = "vault2", adminUserName = "keeper", adminPassword = password, sshPublicKey = sshKey },
        });
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode >= HttpStatusCode.BadRequest, problem);
        Assert.DoesNotContain(password, problem);

        await using var db = await app.DbAsync();
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Resource!.Contains(service)).ToListAsync();
        // The deploy accepted, its operation's end, and the refused deploy.
        Assert.Equal(3, audit.Count);
        Assert.All(audit, e => Assert.Equal("operator", e.UserName));
        Assert.Contains(audit, e => e.Outcome == AuditOutcome.Succeeded);
        Assert.Contains(audit, e => e.Outcome == AuditOutcome.Accepted && e.Detail!.Contains("\"adminPassword\":\"***\"") && e.Detail.Contains("keeper"));
        Assert.Contains(audit, e => e.Outcome == AuditOutcome.Refused && e.Detail!.Contains("\"sshPublicKey\":\"***\""));
        var operations = await db.Operations.AsNoTracking().ToListAsync();
        Assert.Contains(operations, o => o.RequestedBy == "operator" && o.Target.Contains(service));

        var everything = new StringBuilder()
            .AppendJoin('\n', app.Logs)
            .AppendJoin('\n', (await db.AuditEntries.AsNoTracking().ToListAsync()).Select(e => $"{e.Action} {e.Resource} {e.Code} {e.Detail}"))
            .AppendJoin('\n', operations.Select(o => $"{o.Payload} {o.State} {o.ErrorMessage} {o.StatusMessage}"))
            .ToString();
        Assert.NotEmpty(app.Logs);
        Assert.DoesNotContain(password, everything);
        Assert.DoesNotContain("secret-key-comment", everything);

        if (app.Database.Provider == DatabaseProvider.PostgreSql)
        {
            // Every row of every table, as the server renders it.
            Assert.DoesNotContain(password, Encoding.UTF8.GetString(await DatabaseBytes.ReadAllAsync(app.Database)));
            return;
        }
        // The file itself, with its write-ahead log: no page, live or freed, holds the password.
        var files = Directory.GetFiles(app.DataPath, "vmportal.db*");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = await ReadSharedAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(password)) < 0, $"{Path.GetFileName(file)} holds the password");
            Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(password)) < 0, $"{Path.GetFileName(file)} holds the password (UTF-16)");
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
