using VmPortal.Testing;

namespace VmPortal.E2E.Tests.PowerShell;

/// <summary>
/// Get-Help as a PowerShell user reads it: every cmdlet with a synopsis, a description and an example, every parameter
/// described, from a MAML file that matches the cmdlets as built. And the table views the module's objects print with.
/// </summary>
public sealed class PowerShellHelpTests
{
    [Fact]
    public async Task The_shipped_help_file_is_what_the_help_text_and_the_built_cmdlets_make()
    {
        var generated = Path.Combine(Directory.CreateTempSubdirectory("vmportal-help-").FullName, "help.xml");
        var generator = Path.Combine(RepoRoot.Path, "src", "VmPortal.PowerShell", "help", "New-HelpFile.ps1");

        var (exitCode, output) = await Pwsh.RunAsync($"& '{generator}' -Module '{Pwsh.Module}' -OutFile '{generated}'", importModule: false);

        Assert.True(exitCode == 0, output);
        var shipped = Path.Combine(RepoRoot.Path, "src", "VmPortal.PowerShell", "en-US", "VmPortal.PowerShell.dll-Help.xml");
        Assert.True((await File.ReadAllTextAsync(shipped)).ReplaceLineEndings() == (await File.ReadAllTextAsync(generated)).ReplaceLineEndings(),
            "en-US/VmPortal.PowerShell.dll-Help.xml is stale: run 'dotnet pwsh -NoProfile -File src/VmPortal.PowerShell/help/New-HelpFile.ps1' after a build and commit it.");
    }

    [Fact]
    public async Task Get_Help_Full_shows_a_synopsis_a_description_an_example_and_every_parameter_described_for_every_cmdlet()
    {
        var results = await Pwsh.JsonAsync("""
            $results = foreach ($cmdlet in Get-Command -Module VmPortal) {
                $help = Get-Help $cmdlet.Name -Full
                $parameters = $cmdlet.Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters }
                [pscustomobject]@{
                    Name        = $cmdlet.Name
                    Synopsis    = "$($help.Synopsis)".Trim()
                    Description = ($help.Description | ForEach-Object Text) -join ' '
                    Examples    = @($help.Examples.Example).Count
                    Syntax      = ($help.Syntax | Out-String).Trim()
                    Undescribed = @($parameters | Where-Object { -not (($help.Parameters.Parameter | Where-Object Name -eq $_).Description.Text) })
                }
            }
            """);

        var cmdlets = results.EnumerateArray().ToList();
        Assert.Equal(19, cmdlets.Count);
        Assert.All(cmdlets, c =>
        {
            var name = c.GetProperty("Name").GetString()!;
            Assert.False(c.GetProperty("Synopsis").GetString()!.StartsWith(name, StringComparison.Ordinal), $"{name} has no synopsis");
            Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("Description").GetString()), $"{name} has no description");
            Assert.True(c.GetProperty("Examples").GetInt32() > 0, $"{name} has no example");
            Assert.StartsWith(name, c.GetProperty("Syntax").GetString());
            Assert.Equal(0, c.GetProperty("Undescribed").GetArrayLength());
        });
    }

    [Fact]
    public async Task Images_and_VMs_print_as_tables_like_the_classic_cmdlets()
    {
        var results = await Pwsh.JsonAsync("""
            $results = foreach ($type in 'VmPortal.VMImage', 'VmPortal.VM') {
                $view = (Get-FormatData -TypeName $type -PowerShellVersion $PSVersionTable.PSVersion).FormatViewDefinition | Select-Object -First 1
                [pscustomobject]@{ Type = $type; Control = $view.Control.GetType().Name; Columns = @($view.Control.Headers.Label) }
            }
            """);

        var views = results.EnumerateArray().ToDictionary(v => v.GetProperty("Type").GetString()!, v => v);
        Assert.Equal("TableControl", views["VmPortal.VMImage"].GetProperty("Control").GetString());
        Assert.Equal(["ImageName", "Kind", "Category", "OS", "OSState", "Location", "Label"],
            views["VmPortal.VMImage"].GetProperty("Columns").EnumerateArray().Select(c => c.GetString()!));
        Assert.Equal(["ServiceName", "Name", "Status", "InstanceSize", "Location"],
            views["VmPortal.VM"].GetProperty("Columns").EnumerateArray().Select(c => c.GetString()!));
    }
}
