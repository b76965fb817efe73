import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import enUSAntd from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { SessionProvider, useSession } from './auth/session';
import { ErrorBoundary } from './components/error-boundary';
import { useErrorText } from './components/errors';
import { RequirePermission } from './components/forbidden';
import { PageSpinner } from './components/page-spinner';
import { currentLanguage } from './i18n';
import { AppLayout } from './pages/app-layout';

const LoginPage = lazy(() => import('./pages/login-page'));
const HomePage = lazy(() => import('./pages/home-page'));
const ProfilePage = lazy(() => import('./pages/profile-page'));
const UsersPage = lazy(() => import('./pages/users-page'));
const DepartmentsPage = lazy(() => import('./pages/departments-page'));
const InstitutionsPage = lazy(() => import('./pages/institutions-page'));
const AuditPage = lazy(() => import('./pages/audit-page'));
const SupervisionPage = lazy(() => import('./pages/supervision-page'));
const ReportsPage = lazy(() => import('./pages/reports-page'));
const ReportPage = lazy(() => import('./pages/report-page'));
const CatalogPage = lazy(() => import('./pages/catalog-page'));
const ResourcePage = lazy(() => import('./pages/resource-page'));
const ResourceEditPage = lazy(() => import('./pages/resource-edit-page'));
const ImportPage = lazy(() => import('./pages/import-page'));
const PatientsPage = lazy(() => import('./pages/patients-page'));
const PatientViewPage = lazy(() => import('./pages/patient-view-page'));
const ReferralsPage = lazy(() => import('./pages/referrals-page'));
const ReferralPage = lazy(() => import('./pages/referral-page'));
const InboundReferralPage = lazy(() => import('./pages/inbound-referral-page'));
const EmergencyReviewPage = lazy(() => import('./pages/emergency-review-page'));
const ShareRequestsPage = lazy(() => import('./pages/share-requests-page'));
const ShareRequestWizardPage = lazy(() => import('./pages/share-request-wizard-page'));
const ShareRequestPage = lazy(() => import('./pages/share-request-page'));
const ReviewsPage = lazy(() => import('./pages/reviews-page'));
const GrantsPage = lazy(() => import('./pages/grants-page'));
const GrantPage = lazy(() => import('./pages/grant-page'));
const FeedbackPage = lazy(() => import('./pages/feedback-page'));
const InboxPage = lazy(() => import('./pages/inbox-page'));
const SuggestionsPage = lazy(() => import('./pages/suggestions-page'));
const SuggestionPage = lazy(() => import('./pages/suggestion-page'));
const AlertsPage = lazy(() => import('./pages/alerts-page'));
const ViolationsPage = lazy(() => import('./pages/violations-page'));
const ViolationPage = lazy(() => import('./pages/violation-page'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));

function SessionGate({ children }: { children: ReactNode }) {
  const { state, reload } = useSession();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const location = useLocation();
  if (state.status === 'loading') return <PageSpinner />;
  if (state.status === 'error') {
    return (
      <Result
        status="error"
        title={t('error.loadFailed')}
        subTitle={errorText(state.error)}
        extra={
          <Button type="primary" onClick={() => void reload()}>
            {t('common.refresh')}
          </Button>
        }
      />
    );
  }
  if (state.status === 'anonymous') {
    // After an expired session, come back to the same page once signed in again.
    return <Navigate to="/login" replace state={state.signedOut ? undefined : { from: location }} />;
  }
  return <>{children}</>;
}

function AppRoutes() {
  return (
    <Suspense fallback={<PageSpinner />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <SessionGate>
              <AppLayout />
            </SessionGate>
          }
        >
          <Route index element={<HomePage />} />
          <Route path="profile" element={<ProfilePage />} />
          <Route
            path="patients"
            element={
              <RequirePermission permission="policy:read">
                <PatientsPage />
              </RequirePermission>
            }
          />
          <Route
            path="patients/:id"
            element={
              <RequirePermission permission="policy:read">
                <PatientViewPage />
              </RequirePermission>
            }
          />
          <Route
            path="referrals"
            element={
              <RequirePermission permission={['referral:write', 'share:review', 'grant:read']}>
                <ReferralsPage />
              </RequirePermission>
            }
          />
          {/* The referrer's department, the reviewers and overseers open a referral; the server decides (others' answer 404). */}
          <Route path="referrals/:id" element={<ReferralPage />} />
          {/* A referral a partner sent opens for its department's clinicians, as the inbox links it; others are told it does not exist. */}
          <Route path="referrals/inbound/:id" element={<InboundReferralPage />} />
          <Route
            path="catalog"
            element={
              <RequirePermission permission="catalog:read">
                <CatalogPage />
              </RequirePermission>
            }
          />
          <Route
            path="catalog/new"
            element={
              <RequirePermission permission="catalog:write">
                <ResourceEditPage />
              </RequirePermission>
            }
          />
          <Route
            path="catalog/:code"
            element={
              <RequirePermission permission="catalog:read">
                <ResourcePage />
              </RequirePermission>
            }
          />
          <Route
            path="catalog/:code/edit"
            element={
              <RequirePermission permission="catalog:write">
                <ResourceEditPage />
              </RequirePermission>
            }
          />
          <Route
            path="import"
            element={
              <RequirePermission permission="records:ingest">
                <ImportPage />
              </RequirePermission>
            }
          />
          <Route
            path="share-requests"
            element={
              <RequirePermission permission="share:request">
                <ShareRequestsPage />
              </RequirePermission>
            }
          />
          <Route
            path="share-requests/new"
            element={
              <RequirePermission permission="share:request">
                <ShareRequestWizardPage />
              </RequirePermission>
            }
          />
          <Route
            path="share-requests/:id/edit"
            element={
              <RequirePermission permission="share:request">
                <ShareRequestWizardPage />
              </RequirePermission>
            }
          />
          {/* Requesters, reviewers, information administrators and auditors open requests; the server decides who sees which. */}
          <Route path="share-requests/:id" element={<ShareRequestPage mode="requester" />} />
          <Route
            path="reviews"
            element={
              <RequirePermission permission="share:review">
                <ReviewsPage />
              </RequirePermission>
            }
          />
          <Route
            path="reviews/:id"
            element={
              <RequirePermission permission="share:review">
                <ShareRequestPage mode="review" />
              </RequirePermission>
            }
          />
          <Route
            path="grants"
            element={
              <RequirePermission permission={['grant:read', 'share:request', 'grant:revoke']}>
                <GrantsPage />
              </RequirePermission>
            }
          />
          {/* Whoever may see the grant (the server decides) sees it; others are told it does not exist. */}
          <Route path="grants/:id" element={<GrantPage />} />
          <Route
            path="feedback"
            element={
              <RequirePermission permission={['share:request', 'grant:read', 'audit:read']}>
                <FeedbackPage />
              </RequirePermission>
            }
          />
          <Route path="inbox" element={<InboxPage />} />
          {/* 反馈渠道: everyone submits and follows their own; the server decides who sees and handles which (others' answer 404). */}
          <Route path="suggestions" element={<SuggestionsPage />} />
          <Route path="suggestions/:id" element={<SuggestionPage />} />
          <Route
            path="admin/users"
            element={
              <RequirePermission permission="user:read">
                <UsersPage />
              </RequirePermission>
            }
          />
          <Route
            path="admin/departments"
            element={
              <RequirePermission permission="department:read">
                <DepartmentsPage />
              </RequirePermission>
            }
          />
          <Route
            path="admin/institutions"
            element={
              <RequirePermission permission="institution:read">
                <InstitutionsPage />
              </RequirePermission>
            }
          />
          <Route
            path="audit"
            element={
              <RequirePermission permission="audit:read">
                <AuditPage />
              </RequirePermission>
            }
          />
          <Route
            path="supervision"
            element={
              <RequirePermission permission="report:read">
                <SupervisionPage />
              </RequirePermission>
            }
          />
          <Route
            path="reports"
            element={
              <RequirePermission permission="report:read">
                <ReportsPage />
              </RequirePermission>
            }
          />
          <Route
            path="reports/:quarter"
            element={
              <RequirePermission permission="report:read">
                <ReportPage />
              </RequirePermission>
            }
          />
          <Route
            path="emergency-reviews"
            element={
              <RequirePermission permission="emergency:review">
                <EmergencyReviewPage />
              </RequirePermission>
            }
          />
          <Route
            path="alerts"
            element={
              <RequirePermission permission="alert:read">
                <AlertsPage />
              </RequirePermission>
            }
          />
          {/* 违规处理: supervisors see every case, anyone else the cases about them; the server decides (others' answer 404). */}
          <Route path="violations" element={<ViolationsPage />} />
          <Route path="violations/:id" element={<ViolationPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

export function App() {
  // Subscribes to language changes so the antd locale below follows the switch.
  useTranslation();
  const language = currentLanguage();
  return (
    <ConfigProvider locale={language === 'zh-CN' ? zhCNAntd : enUSAntd}>
      <AntApp className="yx-app">
        <BrowserRouter>
          <SessionProvider>
            <ErrorBoundary>
              <AppRoutes />
            </ErrorBoundary>
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
