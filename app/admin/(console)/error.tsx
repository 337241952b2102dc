'use client';
import { RotateCwIcon } from 'lucide-react';
import { ERROR_DETAIL, ERROR_HEADING, useReportError } from '@/components/errors/error-notice';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';

/** A console page that failed: the shell stays, the page offers to try again. */
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  useReportError(error);
  return (
    <Card className="mx-auto max-w-lg" role="alert">
      <CardHeader>
        <CardTitle asChild>
          <h1 className="text-xl">{ERROR_HEADING}</h1>
        </CardTitle>
        <CardDescription>{ERROR_DETAIL}</CardDescription>
      </CardHeader>
      <CardContent>
        <Button onClick={() => retry()}>
          <RotateCwIcon aria-hidden />
          Try again
        </Button>
      </CardContent>
    </Card>
  );
}
