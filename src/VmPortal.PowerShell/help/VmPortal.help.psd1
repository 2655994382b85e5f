# The module's help text. New-HelpFile.ps1 turns it, with each cmdlet's real parameters, into the MAML file
# en-US/VmPortal.PowerShell.dll-Help.xml that Get-Help reads; a test fails when that file is stale or a parameter lacks a description.
@{
    'Connect-VmPortal' = @{
        Synopsis    = 'Signs in to a VmPortal for the cmdlets that follow.'
        Description = 'Exchanges a user name and password for a bearer token (POST /api/auth/token, valid 8 hours) and keeps it for this session. Every other cmdlet of the module uses that connection; they run with the role of that user (Reader, Operator or Admin).'
        Parameters  = @{
            Uri        = 'The portal''s address, such as http://localhost:5000.'
            Credential = 'The portal user''s name and password.'
        }
        Examples    = @(
            @{ Title = 'Connect with a prompt for the password'; Code = 'Connect-VmPortal -Uri http://localhost:5000 -Credential (Get-Credential operator)'; Remarks = 'Signs in as operator; the token is used until the session ends.' }
        )
    }
    'Get-AzureVMImage' = @{
        Synopsis    = 'Gets OS images and VM images, or one image.'
        Description = 'Without -ImageName, lists every image: OS images first, then VM images. Only VM images have a DataDiskConfigurations property (possibly empty), so scripts tell the kinds apart by whether it exists. With -ImageName, gets that image (any case) with its disks and the VMs deployed from it.'
        Parameters  = @{
            ImageName = 'The name of one image to get. Accepts ImageName from the pipeline and tab-completes from the portal.'
            Tag       = 'Only the images carrying every tag given, such as @{env=''prod''}; a value of ''*'' or $null matches any value of that key. Keys match exactly.'
            Deleted   = 'Lists the recycle bin instead: images deleted but not yet purged, with DeletedTime and PurgeAt.'
        }
        Examples    = @(
            @{ Title = 'VM images only, by label'; Code = 'Get-AzureVMImage | where {(gm -InputObject $_ -Name DataDiskConfigurations) -ne $null} | Select -Property Label, ImageName'; Remarks = 'Keeps the images that have data disk configurations: the VM images.' }
            @{ Title = 'One image'; Code = 'Get-AzureVMImage -ImageName web-2026 | Format-List'; Remarks = 'Shows every property of the image web-2026.' }
            @{ Title = 'Images by tag'; Code = 'Get-AzureVMImage -Tag @{env=''prod''; owner=''*''}'; Remarks = 'The images tagged env=prod that also have an owner tag.' }
            @{ Title = 'The recycle bin'; Code = 'Get-AzureVMImage -Deleted | Select ImageName, DeletedTime, PurgeAt'; Remarks = 'Deleted images and when the portal purges each.' }
        )
    }
    'Save-AzureVMImage' = @{
        Synopsis    = 'Captures a VM as a VM image.'
        Description = 'Copies every disk of the VM into new blobs and registers them as one VM image, then returns it. Generalized (the default): the VM must be stopped and generalized (Sysprep / waagent -deprovision) and is deleted afterwards. Specialized: a snapshot of the VM as it is, running or not; the VM is left untouched. A failed capture leaves no image and no blob behind. Shows progress while the disks are copied.'
        Parameters  = @{
            ServiceName       = 'The cloud service of the VM. Accepts ServiceName from the pipeline (Get-AzureVM).'
            Name              = 'The VM to capture. Accepts Name from the pipeline (Get-AzureVM).'
            ImageName         = 'The new image''s name: 3 to 80 letters, digits, ".", "-" or "_", unique across OS and VM images. Alias: NewImageName.'
            OSState           = 'Generalized (a model for new VMs; the VM is deleted) or Specialized (a snapshot; the VM stays). Default: Generalized.'
            ImageLabel        = 'A display name for the image (default: its name). Alias: NewImageLabel.'
            Description       = 'A longer text about the image.'
            ImageFamily       = 'The image family the image belongs to. Tab-completes the families in use.'
            Version           = 'The image''s version in its family: MAJOR.MINOR.PATCH, such as 1.4.2, unique within the family (VersionConflict names the image that has it).'
            ExcludeFromLatest = 'Holds the new version back from the family''s latest until it is accepted (Update-AzureVMImage -ExcludeFromLatest:$false); it still deploys by name.'
            Language          = 'The language of the guest OS, such as en-US.'
            RecommendedVMSize = 'The instance size to recommend for VMs from the image. Tab-completes the sizes.'
            DeleteSourceDisks = 'Generalized captures only: also delete the VM''s disks and blobs once the image exists (default: they stay as unattached disks).'
            Tag               = 'Tags for the new image, such as @{env=''prod''}: at most 50; key 1 to 128 characters, value 0 to 256.'
        }
        Examples    = @(
            @{ Title = 'A generalized image of a prepared VM'; Code = 'Save-AzureVMImage -ServiceName "myServiceName" -Name "myVMtoCapture" -OSState "Generalized" -ImageName "myAwesomeVMImage" -ImageLabel "This is my Virtual Machine Image"'; Remarks = 'The VM must be stopped and generalized; it is deleted once the image is made.' }
            @{ Title = 'A snapshot of a running VM from the pipeline'; Code = 'Get-AzureVM contoso-web web01 | Save-AzureVMImage -ImageName web01-snapshot -OSState Specialized'; Remarks = 'The VM keeps running; the image is crash-consistent.' }
        )
    }
    'Update-AzureVMImage' = @{
        Synopsis    = 'Changes an image''s metadata.'
        Description = 'Changes what may change after capture: label, description, licence, privacy and icon URIs, language, image family, recommended size, whether the gallery shows the image, and the host caching of its disks. Also its protection from deletion, its tags and its life cycle (deprecated and obsolete dates and a replacement). Parameters left out stay as they are; an empty string clears a text. The OS, OS state and media links never change. Returns the image as it is afterwards.'
        Parameters  = @{
            ImageName         = 'The image to change. Accepts ImageName from the pipeline and tab-completes.'
            Label             = 'A new display name.'
            Description       = 'A new description; "" clears it.'
            Eula              = 'The URI of the image''s licence terms. Alias: EulaUri.'
            PrivacyUri        = 'The URI of the image''s privacy statement.'
            IconUri           = 'The URI of an icon for the image.'
            ImageFamily       = 'The image family. Tab-completes the families in use.'
            Version           = 'The image''s version in its family: MAJOR.MINOR.PATCH, unique within the family; "" clears it.'
            ExcludeFromLatest = 'Holds the image back from its family''s latest; -ExcludeFromLatest:$false lets it be the latest again. Left out, the setting stays.'
            Language          = 'The language of the guest OS, such as en-US.'
            RecommendedVMSize = 'The instance size to recommend. Tab-completes the sizes.'
            ShowInGui         = 'Lists the image in the portal''s gallery; -ShowInGui:$false hides it. Left out, the setting stays.'
            DiskConfig        = 'Host caching for the OS disk and data disks, built with New-AzureVMImageDiskConfigSet, Set-AzureVMImageOSDiskConfig and Set-AzureVMImageDataDiskConfig.'
            Protected         = 'Protects the image from deletion (ImageProtected); -Protected:$false lifts it. Left out, the setting stays.'
            Tag               = 'Replaces all of the image''s tags, such as @{env=''prod''}; @{} removes them. Left out, the tags stay.'
            DeprecateAt       = 'From this time deploys still work but warn. $null clears it; left out, it stays.'
            ObsoleteAt        = 'From this time deploys are refused (ImageObsolete), naming the replacement. Not before DeprecateAt. $null clears it; left out, it stays.'
            Replacement       = 'The image to use instead, named in deploy warnings and refusals. $null clears it; left out, it stays. Tab-completes.'
        }
        Examples    = @(
            @{ Title = 'Relabel and hide an image'; Code = 'Update-AzureVMImage -ImageName web-2026 -Label "Web server, March 2026" -ShowInGui:$false'; Remarks = 'Changes the label and hides the image from the gallery.' }
            @{ Title = 'Deprecate an image in favour of its successor'; Code = 'Update-AzureVMImage -ImageName web-2025 -DeprecateAt (Get-Date) -ObsoleteAt (Get-Date).AddDays(30) -Replacement web-2026'; Remarks = 'Deploys of web-2025 warn from now and are refused in 30 days.' }
            @{ Title = 'Protect and tag'; Code = 'Update-AzureVMImage -ImageName web-2026 -Protected -Tag @{env=''prod''; owner=''web-team''}'; Remarks = 'web-2026 can no longer be deleted and carries two tags.' }
            @{ Title = 'Change host caching'; Code = '$disks = New-AzureVMImageDiskConfigSet | Set-AzureVMImageOSDiskConfig -HostCaching ReadWrite | Set-AzureVMImageDataDiskConfig -Lun 0 -HostCaching ReadOnly; Update-AzureVMImage -ImageName web-2026 -DiskConfig $disks'; Remarks = 'Sets the OS disk to ReadWrite and the data disk at LUN 0 to ReadOnly.' }
        )
    }
    'Remove-AzureVMImage' = @{
        Synopsis    = 'Deletes an image into the recycle bin, or purges it.'
        Description = 'Moves the image to the recycle bin: it leaves the gallery and cannot be deployed, its name stays taken, and Restore-AzureVMImage brings it back until the portal purges it (Portal:RecycleBinDays after the delete). -Purge removes it for good now. A protected image is refused (ImageProtected). Its VHD blobs stay unless -DeleteVHD is given, and blobs another image or disk still uses are never deleted. An image being captured or deployed cannot be deleted (ImageInUse). Like the classic cmdlet it does not ask first; -Confirm asks and -WhatIf only says what it would do.'
        Parameters  = @{
            ImageName = 'The image to delete. Accepts ImageName from the pipeline and tab-completes.'
            DeleteVHD = 'Also delete the image''s VHD blobs (those nothing else uses) when it is purged.'
            Purge     = 'Removes the image for good now, whether it is in the gallery or already in the recycle bin.'
        }
        Examples    = @(
            @{ Title = 'Delete an image and its blobs'; Code = 'Remove-AzureVMImage -ImageName web-2025 -DeleteVHD'; Remarks = 'Moves the image to the recycle bin; when it is purged, the blobs nothing else uses go too.' }
            @{ Title = 'Purge now'; Code = 'Remove-AzureVMImage -ImageName web-2024 -Purge -DeleteVHD'; Remarks = 'Removes the image and the blobs nothing else uses at once; it cannot be restored.' }
            @{ Title = 'See what would go'; Code = 'Get-AzureVMImage | where ImageFamily -eq Contoso-Web | Remove-AzureVMImage -WhatIf'; Remarks = 'Lists the images of the family that would be deleted, and deletes nothing.' }
        )
    }
    'Restore-AzureVMImage' = @{
        Synopsis    = 'Brings an image back from the recycle bin.'
        Description = 'Restores a deleted image that has not been purged yet, as it was when deleted, and returns it. It is listed and deploys again.'
        Parameters  = @{
            ImageName = 'The deleted image. Accepts ImageName from the pipeline (Get-AzureVMImage -Deleted).'
        }
        Examples    = @(
            @{ Title = 'Undo a delete'; Code = 'Restore-AzureVMImage -ImageName web-2025'; Remarks = 'web-2025 is back in the gallery.' }
            @{ Title = 'Restore a whole family'; Code = 'Get-AzureVMImage -Deleted | where ImageFamily -eq Contoso-Web | Restore-AzureVMImage'; Remarks = 'Every deleted image of the family comes back.' }
        )
    }
    'Get-AzureVMImageReplica' = @{
        Synopsis    = 'Lists where an image has a copy of its disks.'
        Description = 'Returns one object per location of the image: its own location and every replica, each with its State (Replicating, Ready or Failed), Progress in percent and, for a failed copy, its Error. A deploy into a location uses the replica there.'
        Parameters  = @{
            ImageName = 'The image. Accepts ImageName from the pipeline (Get-AzureVMImage).'
        }
        Examples    = @(
            @{ Title = 'Where can web-2026 deploy?'; Code = 'Get-AzureVMImageReplica web-2026 | where State -eq Ready'; Remarks = 'The locations with a ready copy.' }
        )
    }
    'Add-AzureVMImageReplica' = @{
        Synopsis    = 'Copies an image to other locations.'
        Description = 'Copies a user image''s disks, server-side, into a storage account of each location given, and waits until every copy is Ready, showing progress; it returns the new replicas. A location the portal cannot copy to is refused, with the API''s error code, before anything is copied.'
        Parameters  = @{
            ImageName = 'The image to copy. Accepts ImageName from the pipeline.'
            Location  = 'One or more locations, such as ''North Europe''.'
        }
        Examples    = @(
            @{ Title = 'Make an image deployable in Europe'; Code = 'Add-AzureVMImageReplica web-2026 ''North Europe'',''West Europe'''; Remarks = 'Two copies, each Ready when the cmdlet returns.' }
        )
    }
    'Remove-AzureVMImageReplica' = @{
        Synopsis    = 'Removes an image''s copy from one location.'
        Description = 'Removes the replica in the location given and waits until it is gone; with -DeleteVHD its VHD blobs are deleted too, otherwise they are kept. The image''s own location is not a replica.'
        Parameters  = @{
            ImageName = 'The image. Accepts ImageName from the pipeline.'
            Location  = 'The replica''s location. Accepts Location from the pipeline (Get-AzureVMImageReplica).'
            DeleteVHD = 'Also delete the replica''s VHD blobs.'
        }
        Examples    = @(
            @{ Title = 'Stop deploying web-2026 in Europe'; Code = 'Get-AzureVMImageReplica web-2026 | where Location -like ''*Europe'' | Remove-AzureVMImageReplica -DeleteVHD'; Remarks = 'Both European copies and their blobs are gone.' }
        )
    }
    'New-AzureVMImageDiskConfigSet' = @{
        Synopsis    = 'Creates an empty set of disk settings for Update-AzureVMImage.'
        Description = 'Returns a disk configuration set to fill with Set-AzureVMImageOSDiskConfig and Set-AzureVMImageDataDiskConfig and pass to Update-AzureVMImage -DiskConfig. It changes nothing on the portal by itself.'
        Parameters  = @{}
        Examples    = @(
            @{ Title = 'Start a disk configuration'; Code = '$disks = New-AzureVMImageDiskConfigSet'; Remarks = 'An empty set: nothing changes until settings are added.' }
        )
    }
    'Set-AzureVMImageOSDiskConfig' = @{
        Synopsis    = 'Sets the OS disk''s host caching in a disk configuration set.'
        Description = 'Records the host caching to give the image''s OS disk (ReadOnly or ReadWrite) in the set and returns the set, for Update-AzureVMImage -DiskConfig.'
        Parameters  = @{
            DiskConfig  = 'The set from New-AzureVMImageDiskConfigSet; accepted from the pipeline.'
            HostCaching = 'ReadOnly or ReadWrite.'
        }
        Examples    = @(
            @{ Title = 'ReadWrite OS disk'; Code = 'New-AzureVMImageDiskConfigSet | Set-AzureVMImageOSDiskConfig -HostCaching ReadWrite'; Remarks = 'A set that makes the OS disk ReadWrite.' }
        )
    }
    'Set-AzureVMImageDataDiskConfig' = @{
        Synopsis    = 'Sets a data disk''s host caching in a disk configuration set.'
        Description = 'Records the host caching to give one of the image''s data disks, named by LUN or by disk name, in the set and returns the set, for Update-AzureVMImage -DiskConfig. A disk name is looked up on the image when it is updated.'
        Parameters  = @{
            DiskConfig   = 'The set from New-AzureVMImageDiskConfigSet; accepted from the pipeline.'
            Lun          = 'The data disk''s LUN (0 to 63).'
            DataDiskName = 'The data disk''s name, as DataDiskConfigurations of the image shows it.'
            HostCaching  = 'None, ReadOnly or ReadWrite.'
        }
        Examples    = @(
            @{ Title = 'Two data disks'; Code = 'New-AzureVMImageDiskConfigSet | Set-AzureVMImageDataDiskConfig -Lun 0 -HostCaching ReadOnly | Set-AzureVMImageDataDiskConfig -Lun 1 -HostCaching None'; Remarks = 'A set for the data disks at LUN 0 and 1.' }
        )
    }
    'New-AzureQuickVM' = @{
        Synopsis    = 'Deploys a VM from an image.'
        Description = 'Deploys one VM from an OS image or VM image into a cloud service, creating the service when -Location is given and it does not exist, and returns the VM. A generalized image needs credentials (-AdminUsername and -Password for Windows; -LinuxUser with -Password and/or -SSHPublicKey for Linux). A specialized image keeps its computer name and users, so credentials are refused before anything is sent, as is an image of the other OS than -Windows or -Linux says. The image may come from the pipeline.'
        Parameters  = @{
            Windows                     = 'Deploys a Windows VM: the image must be a Windows image.'
            Linux                       = 'Deploys a Linux VM: the image must be a Linux image.'
            ServiceName                 = 'The cloud service to deploy into (lower case; created with -Location when missing). Tab-completes.'
            Name                        = 'The new VM''s name: 1 to 15 (Windows) or 64 (Linux) letters, digits and hyphens, unique in the service. Also its computer name.'
            ImageName                   = 'The image to deploy. Accepts ImageName from the pipeline (Get-AzureVMImage) and tab-completes. Give it or -ImageFamily.'
            ImageFamily                 = 'Instead of -ImageName: deploys the family''s latest version in the cloud service''s location (the newest Ready one not excluded from latest, not obsolete). Tab-completes.'
            Location                    = 'The location of a new cloud service; it must be the image''s location. Tab-completes.'
            InstanceSize                = 'The VM''s size (default Small); it must hold the image''s data disks. Tab-completes.'
            MediaLocation               = 'A blob container URI in the same location for the new disks (default: the image''s container).'
            AdminUsername               = 'Windows, generalized images: the administrator''s user name.'
            LinuxUser                   = 'Linux, generalized images: the user''s name.'
            Password                    = 'Generalized images: the password, 8 to 123 characters with three of lower case, upper case, digit and symbol.'
            SSHPublicKey                = 'Linux, generalized images: an OpenSSH public key line.'
            VNetName                    = 'A virtual network to join.'
            SubnetName                  = 'The subnet of -VNetName to join.'
            WaitForBoot                 = 'Returns only once the guest is ready for RDP or SSH.'
            AcknowledgeSpecializedClone = 'Deploys a specialized Windows image into a virtual network where a VM with the same machine id already runs.'
        }
        Examples    = @(
            @{ Title = 'A Windows VM from a generalized image'; Code = 'New-AzureQuickVM -Windows -Location "West US" -ServiceName "MySvc1" -Name "myVM1" -InstanceSize "Medium" -ImageName "myAwesomeVMImage" -AdminUsername "admin" -Password "adminPassword123" -WaitForBoot'; Remarks = 'Creates the cloud service mysvc1 in West US and returns the VM once its guest is ready.' }
            @{ Title = 'From the pipeline, a specialized image'; Code = 'Get-AzureVMImage web01-snapshot | New-AzureQuickVM -Windows -ServiceName contoso-web -Name web03'; Remarks = 'No credentials: the VM keeps the source''s identity.' }
            @{ Title = 'The latest version of a family'; Code = 'New-AzureQuickVM -Linux -ServiceName contoso-web -Name web04 -ImageFamily Contoso-Web -LinuxUser azureuser -Password "Correct-Horse-9"'; Remarks = 'Deploys the family''s newest accepted version in West US, where contoso-web is; the VM''s SourceImageName names it.' }
        )
    }
    'Get-AzureVM' = @{
        Synopsis    = 'Gets VMs: all, those of a cloud service, or one.'
        Description = 'Lists every VM, or the VMs of -ServiceName, or gets one VM with its disks and its guest as the OS disk records it.'
        Parameters  = @{
            ServiceName = 'Only the VMs of this cloud service. Accepts ServiceName from the pipeline and tab-completes.'
            Name        = 'Only the VM of this name. Accepts Name from the pipeline and tab-completes.'
            Tag         = 'Only the VMs carrying every tag given, such as @{env=''prod''}; a value of ''*'' or $null matches any value of that key. Keys match exactly.'
        }
        Examples    = @(
            @{ Title = 'The VMs of a cloud service'; Code = 'Get-AzureVM -ServiceName contoso-web'; Remarks = 'One line per VM: service, name, status, size, location.' }
            @{ Title = 'Stop every test VM'; Code = 'Get-AzureVM -Tag @{env=''test''} | Stop-AzureVM'; Remarks = 'Stops the VMs tagged env=test, one after the other.' }
        )
    }
    'Update-AzureVM' = @{
        Synopsis    = 'Replaces a VM''s tags.'
        Description = 'Gives the VM exactly the tags of -Tag (@{} removes them all) and returns the VM. Tags change at once: no operation runs and the VM keeps running.'
        Parameters  = @{
            ServiceName = 'The VM''s cloud service. Accepts ServiceName from the pipeline and tab-completes.'
            Name        = 'The VM. Accepts Name from the pipeline and tab-completes.'
            Tag         = 'The VM''s new tags, such as @{env=''prod''; owner=''ops''}: at most 50; key 1 to 128 characters, value 0 to 256.'
        }
        Examples    = @(
            @{ Title = 'Tag a VM'; Code = 'Update-AzureVM -ServiceName contoso-web -Name web01 -Tag @{env=''prod''; owner=''web-team''}'; Remarks = 'web01 now has exactly these two tags.' }
        )
    }
    'Start-AzureVM' = @{
        Synopsis    = 'Starts a stopped VM.'
        Description = 'Boots the VM and waits until it runs. With -PassThru it returns the VM afterwards.'
        Parameters  = @{
            ServiceName = 'The VM''s cloud service. Accepts ServiceName from the pipeline and tab-completes.'
            Name        = 'The VM. Accepts Name from the pipeline and tab-completes.'
            PassThru    = 'Returns the VM once it runs.'
        }
        Examples    = @(
            @{ Title = 'Start every stopped VM of a service'; Code = 'Get-AzureVM contoso-web | where Status -like Stopped* | Start-AzureVM -PassThru'; Remarks = 'Starts them one after the other and shows each as it is afterwards.' }
        )
    }
    'Restart-AzureVM' = @{
        Synopsis    = 'Restarts a running VM.'
        Description = 'Shuts the guest down cleanly and boots it again, and waits until it runs. With -PassThru it returns the VM afterwards.'
        Parameters  = @{
            ServiceName = 'The VM''s cloud service. Accepts ServiceName from the pipeline and tab-completes.'
            Name        = 'The VM. Accepts Name from the pipeline and tab-completes.'
            PassThru    = 'Returns the VM once it runs again.'
        }
        Examples    = @(
            @{ Title = 'Restart a VM'; Code = 'Restart-AzureVM -ServiceName contoso-web -Name web01'; Remarks = 'Returns when web01 runs again.' }
        )
    }
    'Stop-AzureVM' = @{
        Synopsis    = 'Stops a VM.'
        Description = 'Shuts the guest down cleanly and waits until the VM is stopped. By default the VM is deallocated (StoppedDeallocated), as the classic cmdlet did; -StayProvisioned keeps it allocated (StoppedVM). With -PassThru it returns the VM afterwards.'
        Parameters  = @{
            ServiceName     = 'The VM''s cloud service. Accepts ServiceName from the pipeline and tab-completes.'
            Name            = 'The VM. Accepts Name from the pipeline and tab-completes.'
            StayProvisioned = 'Keeps the VM allocated to its host (StoppedVM) instead of deallocating it.'
            PassThru        = 'Returns the VM once it is stopped.'
        }
        Examples    = @(
            @{ Title = 'Stop but stay provisioned'; Code = 'Stop-AzureVM -ServiceName contoso-web -Name web01 -StayProvisioned -PassThru'; Remarks = 'Returns web01 in status StoppedVM.' }
        )
    }
    'Add-AzureVhd' = @{
        Synopsis    = 'Uploads a local fixed VHD into a page blob of the portal''s storage.'
        Description = 'Checks the file''s footer (a fixed VHD: N MiB of data and a 512-byte footer) before anything is sent, then sends it in 4 MiB chunks on several threads. Chunks that are all zeros are never sent, so a mostly empty 127 GB disk sends only what is written. An interrupted upload is resumable: run the same command again and only the chunks the portal does not have yet are sent (it asks the portal which ranges arrived). At the end the portal checks the footer again (InvalidVhd deletes the blob) and the result names the blob: register it as an OS image or a VM image disk. Shows a progress bar with the bytes sent and skipped.'
        Parameters  = @{
            Destination             = 'Where the VHD goes: a name (the blob <name>.vhd in -Location) or the URI of a blob in the vhds container of one of the portal''s storage accounts. Alias: Dst.'
            LocalFilePath           = 'The fixed VHD file to upload. Alias: Src, Source.'
            Location                = 'With a name as -Destination: the location whose storage account receives the blob (default: the first location with one). Tab-completes the locations.'
            NumberOfUploaderThreads = 'How many chunks are sent at once, 1 to 64 (default 8).'
            OverWrite               = 'Starts again: an unfinished upload of the same name is deleted with its blob first. Without it, an unfinished upload of the same name and size is resumed.'
        }
        Examples    = @(
            @{ Title = 'Upload a VHD by name'; Code = 'Add-AzureVhd -Destination ubuntu-base -LocalFilePath ./ubuntu-base.vhd -Location "West US"'; Remarks = 'Uploads the file into ubuntu-base.vhd in the West US storage account and returns DestinationUri and LocalFilePath.' }
            @{ Title = 'Resume after a break'; Code = 'Add-AzureVhd https://vmpwestus.blob.core.windows.net/vhds/ubuntu-base.vhd ./ubuntu-base.vhd -NumberOfUploaderThreads 4'; Remarks = 'Run again after the connection dropped: only the missing chunks are sent.' }
        )
    }
}
