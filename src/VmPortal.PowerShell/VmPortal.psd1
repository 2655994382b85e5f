@{
    RootModule        = 'VmPortal.PowerShell.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '4f7e2c1a-3b9d-4c55-9a61-0d2b7e8f5a10'
    Author            = 'VmPortal'
    Description       = 'Drives a VmPortal over its REST API with the classic VM image cmdlets: Save-AzureVMImage, Get-AzureVMImage, New-AzureQuickVM and friends.'
    PowerShellVersion = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess  = @('VmPortal.format.ps1xml')
    CmdletsToExport   = @(
        'Connect-VmPortal', 'Save-AzureVMImage', 'Get-AzureVMImage', 'Update-AzureVMImage', 'Remove-AzureVMImage', 'Restore-AzureVMImage',
        'New-AzureVMImageDiskConfigSet', 'Set-AzureVMImageOSDiskConfig', 'Set-AzureVMImageDataDiskConfig',
        'New-AzureQuickVM', 'Get-AzureVM', 'Start-AzureVM', 'Stop-AzureVM', 'Restart-AzureVM', 'Update-AzureVM', 'Add-AzureVhd',
        'Get-AzureVMImageReplica', 'Add-AzureVMImageReplica', 'Remove-AzureVMImageReplica'
    )
    AliasesToExport   = @()
    FunctionsToExport = @()
    VariablesToExport = @()
    PrivateData       = @{ PSData = @{ Tags = @('VmPortal', 'VM', 'VMImage', 'PSEdition_Core') } }
}
