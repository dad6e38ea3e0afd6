"use client";
import { useRouter } from "next/navigation";
import { rememberWorkspace } from "@/components/layout/workspace-cookie";
import { useMutation } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";

export function AcceptInvite({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(
    trpc.workspace.acceptInvite.mutationOptions({
      onSuccess: ({ workspaceId }) => {
        rememberWorkspace(workspaceId);
        router.push("/workflows");
        router.refresh();
      },
    }),
  );
  return (
    <>
      {accept.error && (
        <p role="alert" className="field-error">
          {errorDetails(accept.error).message}
        </p>
      )}
      <button type="button" className="btn-primary mt-6 w-full" disabled={accept.isPending} onClick={() => accept.mutate({ token })}>
        Join workspace
      </button>
    </>
  );
}
