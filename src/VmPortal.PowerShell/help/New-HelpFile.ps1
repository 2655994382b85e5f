<#
.SYNOPSIS
    Writes the module's MAML help file from VmPortal.help.psd1 and the cmdlets' real parameters.
.DESCRIPTION
    Binary cmdlets get their help from a MAML file beside the module (en-US/VmPortal.PowerShell.dll-Help.xml). Its syntax
    and parameter details come from the built module itself, so they cannot drift; the words come from VmPortal.help.psd1.
    A cmdlet or parameter without words there is an error. Run after a build and commit the result:
        dotnet pwsh -NoProfile -File src/VmPortal.PowerShell/help/New-HelpFile.ps1
.PARAMETER Module
    The built module's manifest (default: the Debug build).
.PARAMETER OutFile
    Where to write the MAML file (default: the one the project ships).
#>
param(
    [string] $Module = (Join-Path $PSScriptRoot '../bin/Debug/net10.0/VmPortal.psd1'),
    [string] $OutFile = (Join-Path $PSScriptRoot '../en-US/VmPortal.PowerShell.dll-Help.xml')
)
$ErrorActionPreference = 'Stop'
$help = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'VmPortal.help.psd1')
$moduleInfo = Import-Module $Module -Force -PassThru
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
$shouldProcess = @{
    WhatIf  = 'Shows what would happen if the cmdlet ran. The cmdlet does not run.'
    Confirm = 'Asks for confirmation before the cmdlet changes anything.'
}
$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false); NewLineChars = "`n" }
$writer = [System.Xml.XmlWriter]::Create($OutFile, $settings)
function Para([string] $text) { foreach ($line in $text -split "`n") { $writer.WriteElementString('para', $maml, $line) } }
function Description([string] $text) { $writer.WriteStartElement('description', $maml); Para $text; $writer.WriteEndElement() }
function PipelineInput($p) {
    $ways = @(if ($p.ValueFromPipeline) { 'ByValue' }; if ($p.ValueFromPipelineByPropertyName) { 'ByPropertyName' })
    if ($ways) { "True ($($ways -join ', '))" } else { 'False' }
}
function Parameter($p, [string] $about, [bool] $full) {
    $writer.WriteStartElement('parameter', $command)
    $writer.WriteAttributeString('required', "$($p.IsMandatory)".ToLowerInvariant())
    $writer.WriteAttributeString('position', $(if ($p.Position -ge 0) { "$($p.Position)" } else { 'named' }))
    $writer.WriteAttributeString('pipelineInput', (PipelineInput $p))
    $writer.WriteAttributeString('globbing', 'false')
    $writer.WriteAttributeString('variableLength', 'true')
    $writer.WriteAttributeString('aliases', $(if ($p.Aliases.Count -gt 0) { $p.Aliases -join ', ' } else { 'none' }))
    $writer.WriteElementString('name', $maml, $p.Name)
    Description $about
    if ($p.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
        $writer.WriteStartElement('parameterValue', $command)
        $writer.WriteAttributeString('required', 'true')
        $writer.WriteAttributeString('variableLength', 'false')
        $writer.WriteString($p.ParameterType.Name)
        $writer.WriteEndElement()
    }
    if ($full) {
        $writer.WriteStartElement('type', $dev); $writer.WriteElementString('name', $maml, $p.ParameterType.FullName); $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
}

$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')
foreach ($cmdlet in Get-Command -Module $moduleInfo.Name -CommandType Cmdlet | Sort-Object Name) {
    $words = $help[$cmdlet.Name]
    if (-not $words) { throw "VmPortal.help.psd1 has no help for $($cmdlet.Name)." }
    $about = @{} + $shouldProcess + $words.Parameters
    $writer.WriteStartElement('command', 'command', $command)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('details', $command)
    $writer.WriteElementString('name', $command, $cmdlet.Name)
    Description $words.Synopsis
    $writer.WriteElementString('verb', $command, $cmdlet.Verb)
    $writer.WriteElementString('noun', $command, $cmdlet.Noun)
    $writer.WriteEndElement()
    Description $words.Description

    $writer.WriteStartElement('syntax', $command)
    foreach ($set in $cmdlet.ParameterSets) {
        $writer.WriteStartElement('syntaxItem', $command)
        $writer.WriteElementString('name', $maml, $cmdlet.Name)
        foreach ($p in $set.Parameters | Where-Object Name -notin ([System.Management.Automation.Cmdlet]::CommonParameters) | Sort-Object { $_.Position -lt 0 }, Position) {
            Parameter $p $about[$p.Name] $false
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('parameters', $command)
    $seen = @{}
    foreach ($set in $cmdlet.ParameterSets) {
        foreach ($p in $set.Parameters | Where-Object Name -notin ([System.Management.Automation.Cmdlet]::CommonParameters)) {
            if ($seen[$p.Name]) { continue }
            $seen[$p.Name] = $true
            if (-not $about[$p.Name]) { throw "VmPortal.help.psd1 does not describe $($cmdlet.Name) -$($p.Name)." }
            Parameter $p $about[$p.Name] $true
        }
    }
    $writer.WriteEndElement()
    foreach ($described in $words.Parameters.Keys) {
        if (-not $seen[$described]) { throw "VmPortal.help.psd1 describes $($cmdlet.Name) -$described, which does not exist." }
    }

    $writer.WriteStartElement('examples', $command)
    $number = 0
    foreach ($example in $words.Examples) {
        $number++
        $writer.WriteStartElement('example', $command)
        $writer.WriteElementString('title', $maml, "--------- Example ${number}: $($example.Title) ---------")
        $writer.WriteElementString('code', $dev, $example.Code)
        $writer.WriteStartElement('remarks', $dev); Para $example.Remarks; $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}
foreach ($name in $help.Keys) {
    if (-not (Get-Command -Module $moduleInfo.Name -Name $name -ErrorAction SilentlyContinue)) { throw "VmPortal.help.psd1 has help for $name, which the module lacks." }
}
$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Dispose()
"Wrote $OutFile"
