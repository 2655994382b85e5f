// What a TypeScript script writes against the types openapi-typescript generates from VmPortal's /openapi/v1.json
// (OpenApiDocumentTests compiles it with tsc --strict; every @ts-expect-error line must fail to compile).
import type { components, paths } from "./vmportal";

type Schemas = components["schemas"];
type Problem = Schemas["ProblemDetails"];
type DeployBody = NonNullable<paths["/api/cloud-services/{service}/vms"]["post"]["requestBody"]>["content"]["application/json"];
type Accepted = paths["/api/cloud-services/{service}/vms"]["post"]["responses"][202]["content"]["application/json"];

// A refusal's code is one of the stable codes, so a switch over it is checked by the compiler.
export function explain(problem: Problem): string {
  switch (problem.code) {
    case "VmNotStopped":
      return `Stop the VM first: ${problem.detail}`;
    case "ProvisioningNotAllowedForSpecializedImage":
      return "A specialized image keeps its identity: send no provisioning.";
    case "ValidationFailed":
      return `Check ${problem.field ?? "the request"}: ${problem.detail}`;
    default:
      return `${problem.status} ${problem.code}: ${problem.detail}`;
  }
}

// A deploy from a generalized image: only name, image and size are required; the rest is optional.
export const deploy: DeployBody = {
  name: "web03",
  imageName: "web-2026",
  instanceSize: "Medium",
  location: "West US",
  provisioning: { computerName: "web03", adminUserName: "azureuser", adminPassword: "Correct-Horse-9" },
  network: { endpoints: [{ name: "rdp", protocol: "tcp", publicPort: 3389, localPort: 3389 }] },
};
export const specializedDeploy: DeployBody = { name: "web04", imageName: "web-2026-snapshot", instanceSize: "Medium" };
// Or the latest version of a family, in the cloud service's location.
export const familyDeploy: DeployBody = { name: "web05", imageFamily: "Contoso-Web", instanceSize: "Medium" };

// Optional members are optional: an empty stop, an attach with a LUN and a size.
export const stop: Schemas["StopVmBody"] = {};
export const attach: Schemas["AttachDataDiskBody"] = { lun: 1, sizeInGb: 20 };
export const capture: Schemas["CaptureRequest"] = { osState: "Specialized", imageName: "web-2026" };

export function operationToPoll(accepted: Accepted): string {
  return accepted.status === "InProgress" ? `/api/operations/${accepted.id}` : accepted.error?.code ?? "done";
}

// Request enums are enums, codes are codes, required members are required.
// @ts-expect-error 'Banana' is no OS state.
export const banana: Schemas["CaptureRequest"] = { osState: "Banana", imageName: "web-2026" };
// @ts-expect-error 'ReadWriteExecute' is no host caching.
export const caching: Schemas["AttachDataDiskBody"] = { lun: 1, sizeInGb: 20, hostCaching: "ReadWriteExecute" };
// @ts-expect-error 'Banana' is no error code.
export const unknownCode: Problem["code"] = "Banana";
// @ts-expect-error A deploy names its size.
export const noSize: DeployBody = { name: "web03", imageName: "web-2026" };
