using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;
using VmPortal.Core.Seeding;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.PowerShell;

/// <summary>
/// The module as a scripter uses it beyond the seed's snippets, in real PowerShell against the running portal: tab
/// completion, the pipeline between cmdlets, -PassThru, -WhatIf and no prompt on Remove, errors with the API's code as
/// category and target, every R16 field, refusals made before anything is sent — and installing it with Install-Module.
/// </summary>
public sealed class PowerShellModuleTests(PortalApp app) : IClassFixture<PortalApp>
{
    private string Connect(string role = PortalRoles.Operator)
    {
        var (user, password) = PortalApp.Credentials(role);
        return Pwsh.Connect(app.BaseAddress, user, password);
    }

    [Fact]
    public async Task Names_locations_sizes_and_families_tab_complete_from_the_portal()
    {
        await AddVmAsync("pstab-svc", "tabvm1");

        var results = await Pwsh.JsonAsync("""
            function Complete([string] $line) { @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) }
            $results = [ordered]@{
                Image    = Complete 'Get-AzureVMImage -ImageName Ubun'
                Family   = Complete 'Update-AzureVMImage -ImageName x -ImageFamily OpenL'
                Service  = Complete 'Get-AzureVM -ServiceName pstab'
                Vm       = Complete 'Start-AzureVM -ServiceName pstab-svc -Name tab'
                Location = Complete 'New-AzureQuickVM -Windows -ServiceName s -Name n -ImageName i -Location We'
                Size     = Complete 'New-AzureQuickVM -Windows -ServiceName s -Name n -ImageName i -InstanceSize Med'
            }
            """, Connect());

        Assert.Equal(["Ubuntu-Server-14.04-LTS"], Strings(results, "Image"));
        Assert.Equal(["'OpenLogic CentOS 6'"], Strings(results, "Family"));
        Assert.Equal(["pstab-svc"], Strings(results, "Service"));
        Assert.Equal(["tabvm1"], Strings(results, "Vm"));
        Assert.Equal(["'West Europe'", "'West US'"], Strings(results, "Location"));
        Assert.Equal(["Medium"], Strings(results, "Size"));
    }

    [Fact]
    public async Task Cmdlets_chain_through_the_pipeline_and_power_cmdlets_pass_the_VM_through()
    {
        await AddVmAsync("pspipe-svc", "pipevm1");

        var results = await Pwsh.JsonAsync("""
            $stopped = Get-AzureVM pspipe-svc | Stop-AzureVM -StayProvisioned -PassThru
            $started = Get-AzureVM pspipe-svc pipevm1 | Start-AzureVM -PassThru
            $quiet = Get-AzureVM pspipe-svc pipevm1 | Restart-AzureVM
            $image = Get-AzureVM pspipe-svc pipevm1 | Save-AzureVMImage -ImageName pipe-snap -OSState Specialized -ImageLabel 'Pipe snapshot'
            $deployed = Get-AzureVMImage pipe-snap | New-AzureQuickVM -Windows -ServiceName pspipe-svc -Name pipevm2
            $results = [ordered]@{
                Stopped = $stopped.Status; Started = $started.Name; Quiet = @($quiet).Count
                Image = $image.ImageName; Deployed = $deployed.Name; Source = $deployed.SourceImageName
                Table = (Get-AzureVM pspipe-svc | Out-String -Width 200)
            }
            """, Connect());

        Assert.Equal("StoppedVM", results.GetProperty("Stopped").GetString());
        Assert.Equal("pipevm1", results.GetProperty("Started").GetString());
        Assert.Equal(0, results.GetProperty("Quiet").GetInt32()); // without -PassThru, nothing
        Assert.Equal("pipe-snap", results.GetProperty("Image").GetString());
        Assert.Equal(("pipevm2", "pipe-snap"), (results.GetProperty("Deployed").GetString(), results.GetProperty("Source").GetString()));
        var table = results.GetProperty("Table").GetString()!.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        Assert.Matches(@"^ServiceName\s+Name\s+Status\s+InstanceSize\s+Location$", table[0]);
        Assert.Contains(table, l => l.StartsWith("pspipe-svc", StringComparison.Ordinal) && l.Contains("pipevm2"));
    }

    [Fact]
    public async Task Refusals_carry_the_API_code_a_matching_category_and_the_target_and_R22_and_OS_mismatches_send_nothing()
    {
        await AddVmAsync("psrefuse-svc", "refusevm1");

        var results = await Pwsh.JsonAsync(RefusalFunction + """
            Save-AzureVMImage psrefuse-svc refusevm1 -ImageName refuse-snap -OSState Specialized | Out-Null
            $results = [ordered]@{
                Missing     = Refusal { Start-AzureVM -ServiceName psrefuse-svc -Name nosuch }
                Running     = Refusal { Save-AzureVMImage psrefuse-svc refusevm1 -ImageName refuse-gen -OSState Generalized }
                Taken       = Refusal { Save-AzureVMImage psrefuse-svc refusevm1 -ImageName refuse-snap -OSState Specialized }
                Specialized = Refusal { Get-AzureVMImage refuse-snap | New-AzureQuickVM -Windows -ServiceName psrefuse-svc -Name refusevm2 -AdminUsername admin -Password 'Correct-Horse-9' }
                WrongOs     = Refusal { New-AzureQuickVM -Linux -ServiceName psrefuse-svc -Name refusevm3 -ImageName refuse-snap }
                Continues   = @('nosuch', 'refusevm1' | ForEach-Object { [pscustomobject]@{ ServiceName = 'psrefuse-svc'; Name = $_ } } |
                    Get-AzureVM -ErrorAction SilentlyContinue -ErrorVariable failures).Count
                Failures    = $failures.Count
            }
            """, Connect());

        AssertRefusal(results.GetProperty("Missing"), "NotFound", "ObjectNotFound", "psrefuse-svc/nosuch");
        AssertRefusal(results.GetProperty("Running"), "VmNotStopped", "InvalidOperation", "psrefuse-svc/refusevm1");
        AssertRefusal(results.GetProperty("Taken"), "ImageNameConflict", "ResourceExists", "psrefuse-svc/refusevm1");
        AssertRefusal(results.GetProperty("Specialized"), "ProvisioningNotAllowedForSpecializedImage", "InvalidArgument", "psrefuse-svc/refusevm2");
        AssertRefusal(results.GetProperty("WrongOs"), "OSMismatch", "InvalidArgument", "psrefuse-svc/refusevm3");
        Assert.Equal((1, 1), (results.GetProperty("Continues").GetInt32(), results.GetProperty("Failures").GetInt32()));
        await using var db = await app.DbAsync();
        Assert.False(await db.VirtualMachines.AnyAsync(v => v.Name == "refusevm2" || v.Name == "refusevm3"));
        Assert.False(await db.Operations.AnyAsync(o => o.Kind == Core.OperationKinds.DeployVm && o.Target.Contains("refusevm")));
    }

    [Fact]
    public async Task Update_sets_every_R16_field_with_classic_switches_and_disk_configs_and_Remove_neither_prompts_nor_acts_on_WhatIf()
    {
        await AddVmAsync("psupdate-svc", "updatevm1");

        var results = await Pwsh.JsonAsync("""
            Save-AzureVMImage psupdate-svc updatevm1 -ImageName update-snap -OSState Specialized | Out-Null
            $disks = New-AzureVMImageDiskConfigSet | Set-AzureVMImageOSDiskConfig -HostCaching ReadOnly | Set-AzureVMImageDataDiskConfig -Lun 0 -HostCaching ReadWrite
            $updated = Get-AzureVMImage update-snap | Update-AzureVMImage -Label 'Updated' -Description 'All fields' -Eula 'https://contoso.example/eula' `
                -PrivacyUri 'https://contoso.example/privacy' -IconUri 'https://contoso.example/icon.png' -ImageFamily 'Contoso-Web' -Language 'de-DE' `
                -RecommendedVMSize Large -ShowInGui:$false -DiskConfig $disks
            $shown = Update-AzureVMImage update-snap -ShowInGui
            Remove-AzureVMImage update-snap -WhatIf
            $afterWhatIf = @(Get-AzureVMImage | Where-Object ImageName -eq update-snap).Count
            Remove-AzureVMImage update-snap -DeleteVHD
            $results = [ordered]@{
                Updated = $updated | Select-Object Label, Description, EulaUri, PrivacyUri, IconUri, ImageFamily, Language, RecommendedVMSize, ShowInGallery,
                    @{ n = 'OsCaching'; e = { $_.OSDiskConfiguration.HostCaching } }, @{ n = 'DataCaching'; e = { $_.DataDiskConfigurations[0].HostCaching } }
                Shown = $shown.ShowInGallery; AfterWhatIf = $afterWhatIf
                AfterRemove = @(Get-AzureVMImage | Where-Object ImageName -eq update-snap).Count
            }
            """, Connect());

        var updated = results.GetProperty("Updated");
        foreach (var (member, value) in new[]
                 {
                     ("Label", "Updated"), ("Description", "All fields"), ("EulaUri", "https://contoso.example/eula"),
                     ("PrivacyUri", "https://contoso.example/privacy"), ("IconUri", "https://contoso.example/icon.png"), ("ImageFamily", "Contoso-Web"),
                     ("Language", "de-DE"), ("RecommendedVMSize", "Large"), ("OsCaching", "ReadOnly"), ("DataCaching", "ReadWrite"),
                 })
            Assert.Equal(value, updated.GetProperty(member).GetString());
        Assert.False(updated.GetProperty("ShowInGallery").GetBoolean());
        Assert.True(results.GetProperty("Shown").GetBoolean());
        Assert.Equal(1, results.GetProperty("AfterWhatIf").GetInt32());
        Assert.Equal(0, results.GetProperty("AfterRemove").GetInt32());
    }

    [Fact]
    public async Task Versions_are_set_at_capture_and_update_and_New_AzureQuickVM_deploys_a_family_latest()
    {
        await AddVmAsync("psfam-svc", "famvm1");

        var results = await Pwsh.JsonAsync(RefusalFunction + """
            Save-AzureVMImage psfam-svc famvm1 -ImageName fam-9 -OSState Specialized -ImageFamily ps-fam -Version 1.9.0 | Out-Null
            $held = Save-AzureVMImage psfam-svc famvm1 -ImageName fam-10 -OSState Specialized -ImageFamily ps-fam -Version 1.10.0 -ExcludeFromLatest
            $first = New-AzureQuickVM -Windows -ServiceName psfam-svc -Name famvm2 -ImageFamily ps-fam
            $accepted = Update-AzureVMImage fam-10 -ExcludeFromLatest:$false
            $second = New-AzureQuickVM -Windows -ServiceName psfam-svc -Name famvm3 -ImageFamily ps-fam
            $results = [ordered]@{
                Held = $held.ExcludeFromLatest; Version = $held.Version; First = $first.SourceImageName
                Accepted = $accepted.ExcludeFromLatest; Second = $second.SourceImageName
                Taken = Refusal { Update-AzureVMImage fam-9 -Version 1.10.0 }
                Both = Refusal { New-AzureQuickVM -Windows -ServiceName psfam-svc -Name famvm4 -ImageName fam-9 -ImageFamily ps-fam }
            }
            """, Connect());

        Assert.Equal((true, "1.10.0"), (results.GetProperty("Held").GetBoolean(), results.GetProperty("Version").GetString()));
        Assert.Equal("fam-9", results.GetProperty("First").GetString());
        Assert.False(results.GetProperty("Accepted").GetBoolean());
        Assert.Equal("fam-10", results.GetProperty("Second").GetString());
        AssertRefusal(results.GetProperty("Taken"), "VersionConflict", "InvalidOperation", "fam-9");
        AssertRefusal(results.GetProperty("Both"), "ValidationFailed", "InvalidArgument", "psfam-svc/famvm4");
    }

    [Fact]
    public async Task Replicas_are_added_listed_and_removed_and_the_cmdlet_waits_until_the_copy_is_ready()
    {
        await AddVmAsync("psrep-svc", "repvm1");

        var results = await Pwsh.JsonAsync("""
            Save-AzureVMImage psrep-svc repvm1 -ImageName rep-img -OSState Specialized | Out-Null
            $added = @(Add-AzureVMImageReplica rep-img 'North Europe')
            $listed = @(Get-AzureVMImageReplica rep-img | ForEach-Object { "$($_.Location)=$($_.State)" })
            Remove-AzureVMImageReplica rep-img 'North Europe' -DeleteVHD
            $after = @(Get-AzureVMImageReplica rep-img | ForEach-Object Location)
            $results = [ordered]@{
                Added = @($added | ForEach-Object { "$($_.Location)=$($_.State)=$($_.Progress)" }); Listed = $listed; After = $after
            }
            """, Connect());

        Assert.Equal(["North Europe=Ready=100"], Strings(results, "Added"));
        Assert.Contains("North Europe=Ready", Strings(results, "Listed"));
        Assert.DoesNotContain("North Europe", Strings(results, "After"));
    }

    [Fact]
    public async Task Tags_filter_and_replace_lifecycle_changes_keep_what_is_not_given_and_the_recycle_bin_restores_and_purges()
    {
        await AddVmAsync("pslife-svc", "lifevm1");

        var results = await Pwsh.JsonAsync(RefusalFunction + """
            Save-AzureVMImage pslife-svc lifevm1 -ImageName life-old -OSState Specialized -Tag @{env='prod'; owner='ops'} | Out-Null
            Save-AzureVMImage pslife-svc lifevm1 -ImageName life-new -OSState Specialized -Tag @{env='test'} | Out-Null
            $prod = @(Get-AzureVMImage -Tag @{env='prod'} | ForEach-Object ImageName)
            $anyOwner = @(Get-AzureVMImage -Tag @{owner='*'} | ForEach-Object ImageName)
            $deprecated = Update-AzureVMImage life-old -DeprecateAt ([DateTimeOffset]::UtcNow.AddMinutes(-1)) -Replacement life-new -Protected
            $obsoleteLater = Update-AzureVMImage life-old -ObsoleteAt ([DateTimeOffset]::UtcNow.AddDays(30))
            $protectedRefusal = Refusal { Remove-AzureVMImage life-old }
            $cleared = Update-AzureVMImage life-old -Protected:$false -Tag @{} -Replacement $null
            Remove-AzureVMImage life-old
            $bin = @(Get-AzureVMImage -Deleted | ForEach-Object ImageName)
            $gallery = @(Get-AzureVMImage | Where-Object ImageName -eq life-old).Count
            $restored = Get-AzureVMImage -Deleted | Where-Object ImageName -eq life-old | Restore-AzureVMImage
            Remove-AzureVMImage life-new -Purge -DeleteVHD
            $vm = Update-AzureVM pslife-svc lifevm1 -Tag @{Env='Test'; 'cost-centre'='42'}
            $results = [ordered]@{
                Prod = $prod; AnyOwner = $anyOwner
                Tags = $deprecated.Tags; State = $deprecated.Lifecycle.State; Replacement = $deprecated.Lifecycle.Replacement; Protected = $deprecated.Protected
                KeptDeprecateAt = [bool]$obsoleteLater.Lifecycle.DeprecateAt; KeptReplacement = $obsoleteLater.Lifecycle.Replacement
                HasObsoleteAt = [bool]$obsoleteLater.Lifecycle.ObsoleteAt
                ProtectedRefusal = $protectedRefusal
                ClearedTags = $cleared.Tags.Count; ClearedReplacement = "$($cleared.Lifecycle.Replacement)"; ClearedProtected = $cleared.Protected
                Bin = $bin; Gallery = $gallery; Restored = $restored.ImageName; RestoredDeleted = "$($restored.DeletedTime)"
                Purged = @(Get-AzureVMImage -Deleted | Where-Object ImageName -eq life-new).Count + @(Get-AzureVMImage | Where-Object ImageName -eq life-new).Count
                VmTags = $vm.Tags
                ByTag = @(Get-AzureVM -Tag @{Env='Test'} | ForEach-Object Name)
                ByWrongCase = @(Get-AzureVM -Tag @{env='Test'}).Count
            }
            """, Connect());

        Assert.Equal(["life-old"], Strings(results, "Prod"));
        Assert.Equal(["life-old"], Strings(results, "AnyOwner"));
        Assert.Equal("""{"env":"prod","owner":"ops"}""", new string(results.GetProperty("Tags").GetRawText().Where(c => !char.IsWhiteSpace(c)).ToArray()));
        Assert.Equal(("Deprecated", "life-new"), (results.GetProperty("State").GetString(), results.GetProperty("Replacement").GetString()));
        Assert.True(results.GetProperty("Protected").GetBoolean());
        Assert.True(results.GetProperty("KeptDeprecateAt").GetBoolean(), "-ObsoleteAt alone cleared deprecateAt");
        Assert.Equal("life-new", results.GetProperty("KeptReplacement").GetString());
        Assert.True(results.GetProperty("HasObsoleteAt").GetBoolean());
        AssertRefusal(results.GetProperty("ProtectedRefusal"), "ImageProtected", "InvalidOperation", "life-old");
        Assert.Equal(0, results.GetProperty("ClearedTags").GetInt32());
        Assert.Equal("", results.GetProperty("ClearedReplacement").GetString());
        Assert.False(results.GetProperty("ClearedProtected").GetBoolean());
        Assert.Contains("life-old", Strings(results, "Bin"));
        Assert.Equal(0, results.GetProperty("Gallery").GetInt32());
        Assert.Equal(("life-old", ""), (results.GetProperty("Restored").GetString(), results.GetProperty("RestoredDeleted").GetString()));
        Assert.Equal(0, results.GetProperty("Purged").GetInt32());
        Assert.Equal("""{"Env":"Test","cost-centre":"42"}""", new string(results.GetProperty("VmTags").GetRawText().Where(c => !char.IsWhiteSpace(c)).ToArray()));
        Assert.Equal(["lifevm1"], Strings(results, "ByTag"));
        Assert.Equal(0, results.GetProperty("ByWrongCase").GetInt32());
    }

    [Fact]
    public async Task The_module_installs_with_Install_Module_from_a_folder_repository_that_dotnet_pack_filled()
    {
        var repository = Directory.CreateTempSubdirectory("vmportal-psrepo-").FullName;
        var pack = await RunAsync("dotnet", "pack", Path.Combine(RepoRoot.Path, "src", "VmPortal.PowerShell"), "--no-build",
            "-c", Pwsh.Configuration, "-o", repository, "-nologo");
        Assert.True(pack.ExitCode == 0, pack.Output);
        Assert.True(File.Exists(Path.Combine(repository, "VmPortal.1.0.0.nupkg")), pack.Output);

        var (exitCode, output) = await Pwsh.RunAsync($$"""
            Register-PSRepository -Name VmPortalLocal -SourceLocation '{{repository}}' -InstallationPolicy Trusted
            Install-Module VmPortal -Repository VmPortalLocal -Scope CurrentUser
            Import-Module VmPortal
            "Installed at $((Get-Module VmPortal).ModuleBase)"
            {{Connect(PortalRoles.Reader)}}
            "Images: $(@(Get-AzureVMImage).Count)"
            "Help: $((Get-Help Get-AzureVMImage).Synopsis)"
            """, importModule: false);

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"Installed at .*/powershell/Modules/VmPortal/1\.0\.0", output);
        Assert.Matches(@"Images: [1-9]", output);
        Assert.Contains("Help: Gets OS images and VM images, or one image.", output);
    }

    /// <summary>A running Windows VM with one data disk, deployed from a public image.</summary>
    private async Task AddVmAsync(string service, string vm)
    {
        await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
            service, "West US", vm, "Windows-Server-2012-R2-Datacenter", "Medium", VmStatus.ReadyRole, "admin",
            [new DemoData.DemoDisk(0, 10, HostCaching.ReadOnly)]));
        await using var db = await app.DbAsync();
        Assert.True(await db.VirtualMachines.AnyAsync(v => v.Name == vm && v.CloudService!.Name == service), $"{service}/{vm} was not added");
    }

    /// <summary>A PowerShell function that runs a block and returns the error it raised as an object, or 'no error'.</summary>
    private const string RefusalFunction = """
        function Refusal([scriptblock] $action) {
            try { & $action; 'no error' } catch { [ordered]@{ Id = $_.FullyQualifiedErrorId; Category = "$($_.CategoryInfo.Category)"; Target = "$($_.TargetObject)"; Message = "$_" } }
        }

        """;

    private static void AssertRefusal(JsonElement refusal, string code, string category, string target)
    {
        Assert.True(refusal.ValueKind == JsonValueKind.Object, $"Expected {code}, got: {refusal}");
        Assert.StartsWith($"{code},", refusal.GetProperty("Id").GetString());
        Assert.Equal(category, refusal.GetProperty("Category").GetString());
        Assert.Equal(target, refusal.GetProperty("Target").GetString());
    }

    private static List<string> Strings(JsonElement results, string name) =>
        results.GetProperty(name).ValueKind == JsonValueKind.Array
            ? results.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToList()
            : [results.GetProperty(name).GetString()!];

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = RepoRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
