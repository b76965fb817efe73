import { Button, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { CursorList } from '../lib/use-cursor-list';

interface LoadMorePagerProps {
  list: Pick<CursorList<unknown, unknown>, 'hasMore' | 'loading' | 'loadingMore' | 'loadMore'>;
  label: string;
  testId: string;
  /** The line before the button, such as how many are shown. */
  summary?: ReactNode;
  summaryTestId?: string;
}

/** The footer of a list read page by page: "load more" is off while the list is read and at its end. */
export function LoadMorePager({ list, label, testId, summary, summaryTestId }: LoadMorePagerProps) {
  return (
    <div className="yx-pager">
      {summary !== undefined && (
        <Typography.Text type="secondary" data-testid={summaryTestId}>
          {summary}
        </Typography.Text>
      )}
      <Button onClick={() => void list.loadMore()} loading={list.loadingMore} disabled={!list.hasMore || list.loading} data-testid={testId}>
        {label}
      </Button>
    </div>
  );
}
