import { AlertOutlined, ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Col, Empty, Result, Row, Space, Spin, Tabs, Timeline } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { emergencyApi, patientsApi } from '../api/endpoints';
import { ApiError } from '../api/problem';
import type { Consent, EmergencyAccess } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/errors';
import { LoadMorePager } from '../components/load-more-pager';
import { localName } from '../lib/format';
import { useCursorList } from '../lib/use-cursor-list';
import { useDepartments } from '../lib/use-departments';
import { useLoad } from '../lib/use-load';
import { ConsentsPanel } from './patients/consents/consents-panel';
import { ReferralsPanel } from './patients/referrals/referrals-panel';
import { overseesReferrals } from './referrals/display';
import { DemographicsCard } from './patients/demographics-card';
import { recordKey } from './patients/display';
import { EmergencyBanner, EmergencyDialog } from './patients/emergency';
import { activeWindowFor } from './patients/emergency-window';
import { dayOf, groupByDay, recordDate } from './patients/fhir-summary';
import { usePurpose } from './patients/purpose';
import { PurposeSelect } from './patients/purpose-select';
import { RecentResultsPanel } from './patients/recent-results';
import { RecordLine, type RecordContext } from './patients/record-line';
import { BasisTag } from './patients/record-tags';
import { useAccessSettings } from './patients/use-access-settings';
import { useCatalogFields, useCatalogNames } from './patients/use-catalog';

const PAGE_SIZE = 50;

/**
 * The page's sections, in the `tab` query parameter so a link can open one. Records are the
 * clinical view; consents are the patient's 单独同意; referrals (转诊) to partner institutions rest on them.
 */
const TABS = ['records', 'consents', 'referrals'] as const;
type Tab = (typeof TABS)[number];
const isTab = (value: string | null): value is Tab => (TABS as readonly (string | null)[]).includes(value);

/** Nothing of the patient is visible to the reader (or there is no such patient: the two look the same). */
function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export default function PatientViewPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { id: patientId = '' } = useParams();
  const { can, me } = useSession();
  const mayOpenEmergency = can('emergency:open');
  const mayReadConsents = can('consent:read');
  // Referrers and reviewers see the referrals they take part in; overseers see all.
  const mayReadReferrals = can(['referral:write', 'share:review']) || overseesReferrals(me?.user.roles ?? []);
  const [searchParams, setSearchParams] = useSearchParams();
  // The consents answered for this patient (so the caller reaches them) and how many are in force.
  const [consents, setConsents] = useState<{ patientId: string; inForce: number }>();
  const { settings } = useAccessSettings();
  const [purpose, setPurpose] = usePurpose(settings.purposes);
  const { departments } = useDepartments();
  const catalogNames = useCatalogNames();
  const [reloadTick, setReloadTick] = useState(0);
  const [windows, setWindows] = useState<EmergencyAccess[]>([]);
  const [dialogOpen, setDialogOpen] = useState(false);

  // Each page is the whole view again; its timeline is what pages. The first one is kept with the id it
  // was read for: another patient's view must never show while the next one loads.
  const list = useCursorList(
    async (cursor?: string, signal?: AbortSignal) => {
      const view = await patientsApi.view(patientId, { limit: PAGE_SIZE, cursor }, purpose, signal);
      return { items: view.timeline.items, nextCursor: view.timeline.nextCursor, total: view.timeline.total, patientId, view };
    },
    recordKey,
    [patientId, purpose, reloadTick],
  );
  const { items, loading, error } = list;
  const total = list.last?.total ?? 0;

  // The reader's own open emergency windows, so the countdown survives a reload of the page.
  useLoad(
    async (signal) => (mayOpenEmergency ? (await emergencyApi.list({ scope: 'mine', active: true }, signal)).items : []),
    setWindows,
    [mayOpenEmergency, patientId, reloadTick],
  );
  const activeWindow = activeWindowFor(windows, patientId, Date.now());

  const view = list.first?.patientId === patientId ? list.first.view : undefined;
  const maskedCodes = useMemo(
    () => [...(view?.patient ? [view.patient] : []), ...items].filter((r) => r.masked.length > 0 || r.omitted.length > 0).map((r) => r.catalogCode),
    [view, items],
  );
  const catalogFields = useCatalogFields(maskedCodes);
  const context: RecordContext = useMemo(
    () => ({
      catalogNames,
      catalogFields,
      departmentName: (code: string) => {
        const department = departments.find((d) => d.code === code);
        return department ? localName(department.name, i18n.language) : code;
      },
    }),
    [catalogNames, catalogFields, departments, i18n.language],
  );

  const onOpened = (opened: EmergencyAccess) => {
    setDialogOpen(false);
    setWindows((shown) => [opened, ...shown.filter((w) => w.id !== opened.id)]);
    void message.success(t('emergency.opened'));
    setReloadTick((n) => n + 1);
  };

  const onEnded = useCallback((ended: EmergencyAccess) => {
    setWindows((shown) => shown.filter((w) => w.id !== ended.id));
    setReloadTick((n) => n + 1);
  }, []);

  const notFound = isNotFound(error);
  // A view left from before the last reload is not shown once the patient answers 404.
  const shownView = notFound ? undefined : view;
  const groups = groupByDay(items, (record) => dayOf(recordDate(record.resource)?.text));
  const requested = searchParams.get('tab');
  const consentsReached = mayReadConsents && consents?.patientId === patientId;
  const inForce = consentsReached ? consents.inForce : 0;
  // Whoever handles a patient's consents without seeing their records (auditors, the privacy officer)
  // lands on the consents; a clinician outside the patient's care stays on the records and the emergency offer.
  const allowed = (key: Tab) => (key === 'consents' ? mayReadConsents : key === 'referrals' ? mayReadReferrals : true);
  const tab: Tab = isTab(requested) && allowed(requested) ? requested : notFound && consentsReached ? 'consents' : 'records';
  const selectTab = (key: string) =>
    setSearchParams(
      (params) => {
        const next = new URLSearchParams(params);
        next.set('tab', key);
        return next;
      },
      { replace: true },
    );
  const onConsents = useCallback(
    (id: string, items: Consent[] | null) => setConsents(items ? { patientId: id, inForce: items.filter((c) => c.state === 'in-force').length } : undefined),
    [],
  );

  const records = (
    <>
      {notFound ? (
        <Result
          status="warning"
          title={t('patientView.notFoundTitle')}
          subTitle={
            <>
              <div>{t('patientView.notFound')}</div>
              {mayOpenEmergency && <div>{t('patientView.emergencyOffer')}</div>}
            </>
          }
          extra={
            mayOpenEmergency && (
              <Button type="primary" danger icon={<AlertOutlined />} onClick={() => setDialogOpen(true)} data-testid="emergency-open">
                {t('emergency.open')}
              </Button>
            )
          }
          data-testid="patient-not-found"
        />
      ) : (
        <ErrorAlert error={error} />
      )}
      {!shownView && loading && !notFound && (
        <div className="yx-center">
          <Spin />
        </div>
      )}
      {shownView && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <Card
              size="small"
              title={t('patientView.timeline')}
              extra={
                <Space size={4} wrap>
                  {shownView.bases.map((basis) => (
                    <BasisTag key={basis} basis={basis} />
                  ))}
                </Space>
              }
              data-testid="patient-timeline"
            >
              {items.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('patientView.timelineEmpty')} />
              ) : (
                <Timeline
                  items={groups.map((group, index) => ({
                    key: `${group.day ?? 'none'}-${index}`,
                    color: group.items.some((r) => r.emergency) ? 'red' : 'blue',
                    content: (
                      <div data-testid="timeline-day">
                        <div className="yx-timeline-day">{group.day ?? t('patientView.noDate')}</div>
                        <Space orientation="vertical" size={10} style={{ width: '100%' }}>
                          {group.items.map((record) => (
                            <RecordLine key={recordKey(record)} record={record} context={context} />
                          ))}
                        </Space>
                      </div>
                    ),
                  }))}
                />
              )}
              <LoadMorePager
                list={list}
                label={t('patientView.more')}
                testId="timeline-more"
                summary={t('patientView.timelineCount', { total, count: items.length })}
                summaryTestId="timeline-count"
              />
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <RecentResultsPanel patientId={patientId} purpose={purpose} reloadTick={reloadTick} context={context} />
          </Col>
        </Row>
      )}
    </>
  );

  return (
    <>
      <Card
        title={t('patientView.title')}
        extra={
          <Space wrap>
            <PurposeSelect options={settings.purposes} value={purpose} onChange={setPurpose} />
            <Button icon={<ReloadOutlined />} onClick={() => setReloadTick((n) => n + 1)} aria-label={t('common.refresh')} />
            <Link to="/patients">
              <Button icon={<ArrowLeftOutlined />}>{t('patientView.back')}</Button>
            </Link>
          </Space>
        }
        style={{ marginBottom: 16 }}
      >
        {activeWindow && <EmergencyBanner key={activeWindow.id} window={activeWindow} onEnded={() => onEnded(activeWindow)} />}
        {shownView && <DemographicsCard record={shownView.patient} patientId={patientId} fields={catalogFields.CLIN_PATIENT} />}
        {notFound && consentsReached && tab === 'consents' && <Alert type="info" showIcon title={t('patientView.consentsOnly', { id: patientId })} style={{ marginBottom: 16 }} data-testid="consents-only" />}
        {mayReadConsents || mayReadReferrals ? (
          <Tabs
            activeKey={tab}
            onChange={selectTab}
            items={[
              { key: 'records', label: <span data-testid="tab-records">{t('patientView.tabRecords')}</span>, children: records },
              ...(mayReadConsents
                ? [
                    {
                      key: 'consents',
                      label: (
                        <span data-testid="tab-consents">
                          {t('patientView.tabConsents')} {inForce ? <Badge count={inForce} color="green" size="small" /> : null}
                        </span>
                      ),
                      // Rendered at once so the count of consents in force shows on the tab.
                      forceRender: true,
                      children: <ConsentsPanel patientId={patientId} reloadTick={reloadTick} onLoaded={onConsents} />,
                    },
                  ]
                : []),
              ...(mayReadReferrals
                ? [
                    {
                      key: 'referrals',
                      label: <span data-testid="tab-referrals">{t('patientView.tabReferrals')}</span>,
                      children: <ReferralsPanel patientId={patientId} reloadTick={reloadTick} referable={!notFound} onRecordConsent={() => selectTab('consents')} />,
                    },
                  ]
                : []),
            ]}
          />
        ) : (
          records
        )}
      </Card>
      {mayOpenEmergency && (
        <EmergencyDialog open={dialogOpen} patientId={patientId} settings={settings.emergency} onOpened={onOpened} onClose={() => setDialogOpen(false)} />
      )}
    </>
  );
}
