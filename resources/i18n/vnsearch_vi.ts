<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>CompareDialog</name>
    <message>
        <source>Choose a question set folder.</source>
        <translation>Hãy chọn thư mục bộ câu hỏi.</translation>
    </message>
    <message>
        <source>%1 is not a question set. Choose a folder with documents and questions.jsonl, or a BEIR folder with corpus.jsonl and a split such as dev/.</source>
        <translation>%1 không phải là bộ câu hỏi. Hãy chọn thư mục chứa tài liệu và tệp questions.jsonl, hoặc thư mục BEIR có corpus.jsonl và một phần dữ liệu như dev/.</translation>
    </message>
    <message>
        <source>The BEIR folder has no split with queries.jsonl and qrels.tsv.</source>
        <translation>Thư mục BEIR không có phần dữ liệu nào chứa queries.jsonl và qrels.tsv.</translation>
    </message>
    <message>
        <source>Choose at least one model.</source>
        <translation>Hãy chọn ít nhất một mô hình.</translation>
    </message>
    <message>
        <source>Choose at least one search mode.</source>
        <translation>Hãy chọn ít nhất một chế độ tìm kiếm.</translation>
    </message>
    <message>
        <source>Starting the comparison…</source>
        <translation>Đang bắt đầu so sánh…</translation>
    </message>
    <message>
        <source>The models could not be compared.</source>
        <translation>Không so sánh được các mô hình.</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>Đang dừng sau bước hiện tại…</translation>
    </message>
    <message>
        <source>Indexing and searching: step %1 of %2…</source>
        <translation>Đang lập chỉ mục và tìm kiếm: bước %1/%2…</translation>
    </message>
    <message>
        <source>Report written to %1.</source>
        <translation>Đã ghi báo cáo vào %1.</translation>
    </message>
    <message>
        <source>The comparison was cancelled; no report was written.</source>
        <translation>Đã hủy việc so sánh; không có báo cáo nào được ghi.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Compare models</source>
        <translation>So sánh mô hình</translation>
    </message>
    <message>
        <source>Each chosen model indexes the question set&apos;s documents into a temporary index and answers every question in each chosen mode. The report shows MRR@10, Hit@k and NDCG@10 per model and mode. The index is not changed.</source>
        <translation>Mỗi mô hình được chọn lập chỉ mục tài liệu của bộ câu hỏi vào một chỉ mục tạm rồi trả lời mọi câu hỏi ở từng chế độ được chọn. Báo cáo cho thấy MRR@10, Hit@k và NDCG@10 theo từng mô hình và chế độ. Chỉ mục hiện tại không bị thay đổi.</translation>
    </message>
    <message>
        <source>Question set:</source>
        <translation>Bộ câu hỏi:</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>Phần dữ liệu:</translation>
    </message>
    <message>
        <source>Models:</source>
        <translation>Mô hình:</translation>
    </message>
    <message>
        <source>Search modes:</source>
        <translation>Chế độ tìm kiếm:</translation>
    </message>
    <message>
        <source>Questions (0 = all):</source>
        <translation>Số câu hỏi (0 = tất cả):</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>So sánh</translation>
    </message>
    <message>
        <source>No re-ranker model is installed.</source>
        <translation>Chưa cài mô hình xếp hạng lại nào.</translation>
    </message>
    <message>
        <source>Choose a question set folder</source>
        <translation>Chọn thư mục bộ câu hỏi</translation>
    </message>
</context>
<context>
    <name>EmptyIndexView</name>
    <message>
        <source>No documents yet</source>
        <translation>Chưa có tài liệu nào</translation>
    </message>
    <message>
        <source>Choose the folders that hold your company&apos;s documents. vnsearch reads PDF, Word, Excel, text and Markdown files, and you decide who may see them with access levels.</source>
        <translation>Hãy chọn các thư mục chứa tài liệu của công ty. vnsearch đọc được tệp PDF, Word, Excel, văn bản và Markdown; bạn quyết định ai được xem tài liệu nào bằng mức truy cập.</translation>
    </message>
    <message>
        <source>No documents are available to you yet. Ask your administrator to import the company&apos;s documents or to raise your access level.</source>
        <translation>Hiện chưa có tài liệu nào dành cho bạn. Hãy nhờ quản trị viên nhập tài liệu của công ty hoặc nâng mức truy cập của bạn.</translation>
    </message>
    <message>
        <source>Import a folder…</source>
        <translation>Nhập thư mục…</translation>
    </message>
</context>
<context>
    <name>ExportTexts</name>
    <message numerus="yes">
        <source>%n line(s) written to %1.</source>
        <translation>
            <numerusform>Đã ghi %n dòng vào %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FeedbackDialog</name>
    <message>
        <source>Right document</source>
        <translation>Đúng tài liệu cần tìm</translation>
    </message>
    <message>
        <source>Not relevant</source>
        <translation>Không liên quan</translation>
    </message>
    <message>
        <source>Export training data</source>
        <translation>Xuất dữ liệu huấn luyện</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>Tệp JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>The export could not be written.</source>
        <translation>Không ghi được tệp xuất.</translation>
    </message>
    <message>
        <source>Right document: %1 · Not relevant: %2</source>
        <translation>Đúng tài liệu cần tìm: %1 · Không liên quan: %2</translation>
    </message>
    <message>
        <source>Relevance feedback</source>
        <translation>Phản hồi về kết quả tìm kiếm</translation>
    </message>
    <message>
        <source>All judgements</source>
        <translation>Tất cả đánh giá</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Câu tìm kiếm</translation>
    </message>
    <message>
        <source>Judgement</source>
        <translation>Đánh giá</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Tài liệu</translation>
    </message>
    <message>
        <source>Access level</source>
        <translation>Mức truy cập</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Phòng ban</translation>
    </message>
    <message>
        <source>Export positive pairs…</source>
        <translation>Xuất cặp câu hỏi – đoạn đúng…</translation>
    </message>
    <message>
        <source>Export hard negatives…</source>
        <translation>Xuất mẫu sai dễ nhầm…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>%1 was not found. It may have been moved or deleted; ask an administrator to index its folder again.</source>
        <translation>Không tìm thấy %1. Tệp có thể đã bị chuyển đi hoặc bị xóa; hãy nhờ quản trị viên lập chỉ mục lại thư mục chứa nó.</translation>
    </message>
    <message>
        <source>No program could open %1. Install a program for this file type, or copy the path and open it yourself.</source>
        <translation>Không có chương trình nào mở được %1. Hãy cài chương trình cho loại tệp này, hoặc sao chép đường dẫn và tự mở tệp.</translation>
    </message>
</context>
<context>
    <name>FileTypesPage</name>
    <message>
        <source>File types</source>
        <translation>Loại tệp</translation>
    </message>
    <message>
        <source>Choose which files to index and which to leave out.</source>
        <translation>Chọn những tệp cần lập chỉ mục và những tệp cần bỏ qua.</translation>
    </message>
    <message>
        <source>Include these file types</source>
        <translation>Lập chỉ mục các loại tệp sau</translation>
    </message>
    <message>
        <source>PDF (.pdf)</source>
        <translation>PDF (.pdf)</translation>
    </message>
    <message>
        <source>Word (.docx)</source>
        <translation>Word (.docx)</translation>
    </message>
    <message>
        <source>Excel (.xlsx)</source>
        <translation>Excel (.xlsx)</translation>
    </message>
    <message>
        <source>Text (.txt)</source>
        <translation>Văn bản (.txt)</translation>
    </message>
    <message>
        <source>Markdown (.md)</source>
        <translation>Markdown (.md)</translation>
    </message>
    <message>
        <source>Leave out files and folders matching</source>
        <translation>Bỏ qua tệp và thư mục khớp với</translation>
    </message>
    <message>
        <source>One pattern per line, matched against file names and paths inside the folder, for example *.bak, Nháp/* or */Lưu trữ cũ/*. Hidden files, Office lock files (~$…) and temporary files are always left out.</source>
        <translation>Mỗi dòng một mẫu, so khớp với tên tệp và đường dẫn bên trong thư mục, ví dụ *.bak, Nháp/* hoặc */Lưu trữ cũ/*. Tệp ẩn, tệp khóa của Office (~$…) và tệp tạm luôn được bỏ qua.</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>All departments</source>
        <translation>Tất cả phòng ban</translation>
    </message>
    <message>
        <source>All document types</source>
        <translation>Tất cả loại tài liệu</translation>
    </message>
    <message>
        <source>Tags, separated by commas</source>
        <translation>Thẻ, cách nhau bằng dấu phẩy</translation>
    </message>
    <message>
        <source>Only documents that carry all of these tags</source>
        <translation>Chỉ những tài liệu có đủ tất cả các thẻ này</translation>
    </message>
    <message>
        <source>Modified from</source>
        <translation>Sửa đổi từ</translation>
    </message>
    <message>
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message>
        <source>any date</source>
        <translation>mọi ngày</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Xóa bộ lọc</translation>
    </message>
</context>
<context>
    <name>FineTuneActivationPage</name>
    <message>
        <source>Indexing or another model switch is running. Wait until it ends, then press Activate again.</source>
        <translation>Đang lập chỉ mục hoặc đang chuyển mô hình khác. Hãy đợi việc đó xong rồi bấm Kích hoạt lại.</translation>
    </message>
    <message>
        <source>Preparing the switch…</source>
        <translation>Đang chuẩn bị chuyển mô hình…</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>Đang dừng sau lô hiện tại…</translation>
    </message>
    <message>
        <source>Activation was cancelled; %1 is still the active model. Press Activate again to continue where it stopped.</source>
        <translation>Đã hủy kích hoạt; %1 vẫn là mô hình đang dùng. Bấm Kích hoạt lần nữa để tiếp tục từ chỗ đã dừng.</translation>
    </message>
    <message>
        <source>%1 is now the active model (switched in %2); search uses it from now on. To go back to %3, press “Roll back to the previous model” on the Models page, or run: vnsearch models rollback</source>
        <translation>%1 hiện là mô hình đang dùng (chuyển xong trong %2); từ giờ tìm kiếm dùng mô hình này. Để quay lại %3, hãy bấm “Quay lại mô hình trước” trên trang Mô hình, hoặc chạy lệnh: vnsearch models rollback</translation>
    </message>
    <message>
        <source>The model could not be activated; %1 is still the active model.</source>
        <translation>Không kích hoạt được mô hình; %1 vẫn là mô hình đang dùng.</translation>
    </message>
    <message>
        <source>Activate makes %1 the model of every search. The passages are embedded again with it in the background while search keeps using %2; the switch happens at the end. You can also finish now and activate it later with: vnsearch models activate %1</source>
        <translation>Kích hoạt sẽ dùng %1 cho mọi lượt tìm kiếm. Các đoạn văn được nhúng lại bằng mô hình này ở chế độ nền trong khi tìm kiếm vẫn dùng %2; việc chuyển đổi diễn ra ở cuối. Bạn cũng có thể kết thúc ngay và kích hoạt sau bằng lệnh: vnsearch models activate %1</translation>
    </message>
    <message>
        <source>Activate %1 although it did not find the held-out answers better than %2</source>
        <translation>Vẫn kích hoạt %1 dù mô hình này không tìm đáp án của các câu hỏi kiểm tra tốt hơn %2</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>Kích hoạt</translation>
    </message>
    <message>
        <source>Switch the search to the new model without interrupting it.</source>
        <translation>Chuyển tìm kiếm sang mô hình mới mà không gián đoạn.</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>Kích hoạt</translation>
    </message>
    <message>
        <source>Cancel activation</source>
        <translation>Hủy kích hoạt</translation>
    </message>
</context>
<context>
    <name>FineTuneDataPage</name>
    <message>
        <source>The index is empty. Import documents first: fine-tuning adapts the model that the index uses.</source>
        <translation>Chỉ mục đang trống. Hãy nhập tài liệu trước: tinh chỉnh sẽ điều chỉnh chính mô hình mà chỉ mục đang dùng.</translation>
    </message>
    <message>
        <source>The confirmed search results could not be counted.</source>
        <translation>Không đếm được các kết quả tìm kiếm đã xác nhận.</translation>
    </message>
    <message>
        <source>Choose the data, then press Check.</source>
        <translation>Hãy chọn dữ liệu, rồi bấm Kiểm tra.</translation>
    </message>
    <message>
        <source>Reading and checking the data, and measuring the model&apos;s speed…</source>
        <translation>Đang đọc và kiểm tra dữ liệu, đồng thời đo tốc độ của mô hình…</translation>
    </message>
    <message>
        <source>The training data could not be checked.</source>
        <translation>Không kiểm tra được dữ liệu huấn luyện.</translation>
    </message>
    <message>
        <source>The data can be used. Press Next to choose the training settings.</source>
        <translation>Dữ liệu dùng được. Bấm Tiếp để chọn thiết lập huấn luyện.</translation>
    </message>
    <message>
        <source>Training cannot start: %1</source>
        <translation>Chưa thể bắt đầu huấn luyện: %1</translation>
    </message>
    <message>
        <source>The training data could not be read. Correct the file named in the details below, then press Check again.</source>
        <translation>Không đọc được dữ liệu huấn luyện. Hãy sửa tệp được nêu trong phần chi tiết bên dưới, rồi bấm Kiểm tra lại.</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>Dữ liệu huấn luyện</translation>
    </message>
    <message>
        <source>Choose what the model learns from. Training uses only passages at or below your access level (%1).</source>
        <translation>Chọn dữ liệu để mô hình học. Quá trình huấn luyện chỉ dùng các đoạn văn ở mức truy cập của bạn (%1) trở xuống.</translation>
    </message>
    <message>
        <source>Fine-tuning teaches the search model your company&apos;s questions. Each training pair is a question and the passage that answers it. Some questions are held out to measure whether the new model finds their answers better.</source>
        <translation>Tinh chỉnh giúp mô hình tìm kiếm học các câu hỏi của công ty bạn. Mỗi cặp huấn luyện gồm một câu hỏi và đoạn văn trả lời câu hỏi đó. Một số câu hỏi được giữ lại để đo xem mô hình mới có tìm đáp án của chúng tốt hơn không.</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <source>The choices changed; press Check again.</source>
        <translation>Lựa chọn đã thay đổi; hãy bấm Kiểm tra lại.</translation>
    </message>
</context>
<context>
    <name>FineTuneOptionsPage</name>
    <message>
        <source>A model named %1 is already installed; choose another name.</source>
        <translation>Đã có mô hình tên %1; hãy chọn tên khác.</translation>
    </message>
    <message>
        <source>Invalid model name. Use 1 to 80 letters, digits, dots, hyphens or underscores, starting with a letter or a digit.</source>
        <translation>Tên mô hình không hợp lệ. Hãy dùng 1 đến 80 ký tự gồm chữ cái, chữ số, dấu chấm, gạch ngang hoặc gạch dưới, bắt đầu bằng chữ cái hoặc chữ số.</translation>
    </message>
    <message>
        <source>Invalid learning rate. Enter a number above 0 and below 0.01, for example 2e-5.</source>
        <translation>Tốc độ học không hợp lệ. Hãy nhập một số lớn hơn 0 và nhỏ hơn 0.01, ví dụ 2e-5.</translation>
    </message>
    <message>
        <source>Training device: %1 with %2 GiB of memory. Training uses mixed precision.</source>
        <translation>Thiết bị huấn luyện: %1 với %2 GiB bộ nhớ. Quá trình huấn luyện dùng độ chính xác hỗn hợp.</translation>
    </message>
    <message>
        <source>No NVIDIA GPU was found. Training runs on the processor (%1 cores), so only a small run is offered: at most %2 steps. For more data, fine-tune on a computer with an NVIDIA GPU.</source>
        <translation>Không tìm thấy GPU NVIDIA. Quá trình huấn luyện chạy trên bộ xử lý (%1 nhân), nên chỉ cho phép một lượt huấn luyện nhỏ: tối đa %2 bước. Với nhiều dữ liệu hơn, hãy tinh chỉnh trên máy có GPU NVIDIA.</translation>
    </message>
    <message>
        <source>Recommended: %1. Small data sets need a few passes and large ones improve in one; training stops early when the held-out score stops rising.</source>
        <translation>Khuyến nghị: %1. Bộ dữ liệu nhỏ cần vài lượt, bộ lớn thường tiến bộ ngay sau một lượt; huấn luyện dừng sớm khi điểm trên câu hỏi kiểm tra không tăng nữa.</translation>
    </message>
    <message>
        <source>Recommended: %1. Within a batch the other pairs serve as wrong answers for each question, so larger batches train better as long as memory allows.</source>
        <translation>Khuyến nghị: %1. Trong một lô, các cặp khác đóng vai đáp án sai cho mỗi câu hỏi, nên lô lớn hơn huấn luyện tốt hơn, miễn là đủ bộ nhớ.</translation>
    </message>
    <message>
        <source>Recommended: %1, the usual rate for fine-tuning models of this size. Higher rates make the model forget what it already knew.</source>
        <translation>Khuyến nghị: %1, tốc độ thường dùng khi tinh chỉnh mô hình cỡ này. Tốc độ cao hơn khiến mô hình quên những gì đã biết.</translation>
    </message>
    <message>
        <source>0 runs every epoch; a number stops the run after that many steps.</source>
        <translation>0 chạy hết mọi lượt; nhập một số để dừng sau chừng ấy bước.</translation>
    </message>
    <message>
        <source>On the processor a run stops after at most %1 steps.</source>
        <translation>Trên bộ xử lý, một lượt huấn luyện dừng sau tối đa %1 bước.</translation>
    </message>
    <message>
        <source>%1 training steps; no time estimate is available.</source>
        <translation>%1 bước huấn luyện; chưa có ước tính thời gian.</translation>
    </message>
    <message>
        <source>Estimated time: about %1 for %2 steps. This is an estimate from encoding %3 texts on this computer (%4 ms per text), counting about three times that per text in a training step. Early stopping can end the run sooner.</source>
        <translation>Thời gian ước tính: khoảng %1 cho %2 bước. Đây là ước tính dựa trên việc mã hóa %3 đoạn văn bản trên máy này (%4 ms mỗi đoạn), tính mỗi đoạn trong một bước huấn luyện tốn khoảng gấp ba. Cơ chế dừng sớm có thể kết thúc sớm hơn.</translation>
    </message>
    <message>
        <source>Training settings</source>
        <translation>Thiết lập huấn luyện</translation>
    </message>
    <message>
        <source>The recommended values suit the data and this computer; you can change them.</source>
        <translation>Các giá trị khuyến nghị phù hợp với dữ liệu và máy này; bạn có thể thay đổi.</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Số lượt (epoch):</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Kích thước lô:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Tốc độ học:</translation>
    </message>
    <message>
        <source>Maximum steps:</source>
        <translation>Số bước tối đa:</translation>
    </message>
    <message>
        <source>Name of the new model:</source>
        <translation>Tên mô hình mới:</translation>
    </message>
    <message>
        <source>all epochs</source>
        <translation>mọi lượt</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>Bắt đầu huấn luyện</translation>
    </message>
</context>
<context>
    <name>FineTuneReport</name>
    <message>
        <source>Only %1 training pairs; at least %2 are needed. Confirm more search results or add a pairs file.</source>
        <translation>Chỉ có %1 cặp huấn luyện; cần ít nhất %2. Hãy xác nhận thêm kết quả tìm kiếm hoặc thêm một tệp cặp.</translation>
    </message>
    <message>
        <source>No held-out pairs for evaluation. Choose an evaluation file or add more questions.</source>
        <translation>Không có cặp nào được giữ lại để đánh giá. Hãy chọn tệp đánh giá hoặc thêm câu hỏi.</translation>
    </message>
    <message>
        <source>Removed %1 pairs with an empty question or passage.</source>
        <translation>Đã bỏ %1 cặp có câu hỏi hoặc đoạn văn trống.</translation>
    </message>
    <message>
        <source>Removed %1 duplicate pairs (same question and passage).</source>
        <translation>Đã bỏ %1 cặp trùng lặp (cùng câu hỏi và đoạn văn).</translation>
    </message>
    <message>
        <source>Removed %1 pairs whose passage is above your access level (%2).</source>
        <translation>Đã bỏ %1 cặp có đoạn văn trên mức truy cập của bạn (%2).</translation>
    </message>
    <message>
        <source>Removed wrong answers above your access level (%2) from %1 pairs.</source>
        <translation>Đã bỏ các đáp án sai trên mức truy cập của bạn (%2) khỏi %1 cặp.</translation>
    </message>
    <message>
        <source>Removed %1 pairs whose passage is no longer in the index (the document changed or was removed).</source>
        <translation>Đã bỏ %1 cặp có đoạn văn không còn trong chỉ mục (tài liệu đã thay đổi hoặc đã bị gỡ).</translation>
    </message>
    <message>
        <source>Removed %1 training pairs whose question is held out for evaluation.</source>
        <translation>Đã bỏ %1 cặp huấn luyện có câu hỏi được giữ lại để đánh giá.</translation>
    </message>
    <message>
        <source>%1 training pairs share their passage with a held-out pair, so the held-out score may be too optimistic.</source>
        <translation>%1 cặp huấn luyện dùng chung đoạn văn với một cặp giữ lại để đánh giá, nên điểm đánh giá có thể cao hơn thực tế.</translation>
    </message>
    <message>
        <source>%1 pairs have a text longer than the model&apos;s maximum length; training cuts off the end.</source>
        <translation>%1 cặp có văn bản dài hơn độ dài tối đa của mô hình; khi huấn luyện, phần cuối bị cắt bỏ.</translation>
    </message>
    <message>
        <source>No hard negatives yet. Training mines them from the index, and the other pairs of each batch also serve as wrong answers.</source>
        <translation>Chưa có đáp án sai dễ nhầm (hard negative). Quá trình huấn luyện sẽ tìm chúng trong chỉ mục, và các cặp khác trong mỗi lô cũng đóng vai đáp án sai.</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>chưa đặt</translation>
    </message>
    <message>
        <source>Training: %1 pairs from %2 questions.</source>
        <translation>Huấn luyện: %1 cặp từ %2 câu hỏi.</translation>
    </message>
    <message>
        <source>Held out for evaluation: %1 pairs from %2 questions.</source>
        <translation>Giữ lại để đánh giá: %1 cặp từ %2 câu hỏi.</translation>
    </message>
    <message>
        <source>Hard negatives: %1 for %2 positive passages (%3 per positive).</source>
        <translation>Đáp án sai dễ nhầm: %1 cho %2 đoạn văn đúng (%3 trên mỗi đoạn đúng).</translation>
    </message>
    <message>
        <source>By document type: %1</source>
        <translation>Theo loại tài liệu: %1</translation>
    </message>
    <message>
        <source>By department: %1</source>
        <translation>Theo phòng ban: %1</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>Không phát hiện vấn đề nào.</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>Example questions</source>
        <translation>Câu hỏi ví dụ</translation>
    </message>
</context>
<context>
    <name>FineTuneResultsPage</name>
    <message>
        <source>Model folder (copy it to use the model on other computers): %1</source>
        <translation>Thư mục mô hình (sao chép thư mục này để dùng mô hình trên máy khác): %1</translation>
    </message>
    <message>
        <source>Held-out questions (%1)</source>
        <translation>Câu hỏi kiểm tra (%1)</translation>
    </message>
    <message>
        <source>Training questions, sample (%1)</source>
        <translation>Câu hỏi huấn luyện, mẫu (%1)</translation>
    </message>
    <message>
        <source>Recommended: activate %1. On the held-out questions MRR@10 rose from %2 to %3.</source>
        <translation>Khuyến nghị: kích hoạt %1. Trên các câu hỏi kiểm tra, MRR@10 tăng từ %2 lên %3.</translation>
    </message>
    <message>
        <source>Not recommended: on the held-out questions MRR@10 did not improve (%2 before, %3 after), so the current model %4 stays the better choice. You can still activate %1 on the next page.</source>
        <translation>Không khuyến nghị: trên các câu hỏi kiểm tra, MRR@10 không cải thiện (trước %2, sau %3), nên mô hình hiện tại %4 vẫn là lựa chọn tốt hơn. Bạn vẫn có thể kích hoạt %1 ở trang sau.</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>How well the current and the new model find the answers.</source>
        <translation>Mô hình hiện tại và mô hình mới tìm đáp án tốt đến mức nào.</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>Câu hỏi</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Chỉ số</translation>
    </message>
    <message>
        <source>Current model</source>
        <translation>Mô hình hiện tại</translation>
    </message>
    <message>
        <source>New model</source>
        <translation>Mô hình mới</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Thay đổi</translation>
    </message>
    <message>
        <source>MRR@10 rewards finding the answer near the top, Hit@1 counts answers in first place and NDCG@10 weighs every answer by its rank; 1 is best. Only the held-out questions show how the model handles questions it has not seen.</source>
        <translation>MRR@10 thưởng cho việc tìm thấy đáp án ở gần đầu danh sách, Hit@1 đếm các đáp án ở vị trí đầu tiên, còn NDCG@10 tính trọng số cho mọi đáp án theo thứ hạng; 1 là tốt nhất. Chỉ các câu hỏi kiểm tra mới cho thấy mô hình xử lý ra sao với câu hỏi chưa từng gặp.</translation>
    </message>
    <message>
        <source>Open the comparison report</source>
        <translation>Mở báo cáo so sánh</translation>
    </message>
    <message>
        <source>Open the model folder</source>
        <translation>Mở thư mục mô hình</translation>
    </message>
</context>
<context>
    <name>FineTuneTrainingPage</name>
    <message>
        <source>Starting the training process…</source>
        <translation>Đang khởi động tiến trình huấn luyện…</translation>
    </message>
    <message>
        <source>Training failed.</source>
        <translation>Huấn luyện thất bại.</translation>
    </message>
    <message>
        <source>Stopping the training…</source>
        <translation>Đang dừng huấn luyện…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>khoảng %1</translation>
    </message>
    <message>
        <source>Loading the current model…</source>
        <translation>Đang nạp mô hình hiện tại…</translation>
    </message>
    <message>
        <source>Measuring the current model on the held-out questions…</source>
        <translation>Đang đo mô hình hiện tại trên các câu hỏi kiểm tra…</translation>
    </message>
    <message>
        <source>Finding hard negatives in the index…</source>
        <translation>Đang tìm đáp án sai dễ nhầm trong chỉ mục…</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>Đang huấn luyện…</translation>
    </message>
    <message>
        <source>Measuring the new model on the held-out questions…</source>
        <translation>Đang đo mô hình mới trên các câu hỏi kiểm tra…</translation>
    </message>
    <message>
        <source>Saving the new model…</source>
        <translation>Đang lưu mô hình mới…</translation>
    </message>
    <message>
        <source>Training was cancelled. No model was installed, and the active model %1 is unchanged. Close the wizard, or start it again to train with other settings.</source>
        <translation>Đã hủy huấn luyện. Không có mô hình nào được cài, và mô hình đang dùng %1 không thay đổi. Hãy đóng trình hướng dẫn, hoặc mở lại để huấn luyện với thiết lập khác.</translation>
    </message>
    <message>
        <source>Training finished in %1. Model %2 is installed but not active yet.</source>
        <translation>Huấn luyện xong trong %1. Mô hình %2 đã được cài nhưng chưa được kích hoạt.</translation>
    </message>
    <message>
        <source>Training failed. No model was installed, and the active model %1 is unchanged.</source>
        <translation>Huấn luyện thất bại. Không có mô hình nào được cài, và mô hình đang dùng %1 không thay đổi.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Xong.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Đã dừng.</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Huấn luyện</translation>
    </message>
    <message>
        <source>Training runs in the background; search keeps working with the current model.</source>
        <translation>Quá trình huấn luyện chạy ở chế độ nền; tìm kiếm vẫn hoạt động với mô hình hiện tại.</translation>
    </message>
    <message>
        <source>Step:</source>
        <translation>Bước:</translation>
    </message>
    <message>
        <source>Loss:</source>
        <translation>Hàm mất mát (loss):</translation>
    </message>
    <message>
        <source>Held-out MRR@10:</source>
        <translation>MRR@10 trên câu hỏi kiểm tra:</translation>
    </message>
    <message>
        <source>Time left:</source>
        <translation>Thời gian còn lại:</translation>
    </message>
    <message>
        <source>Cancel stops the training process. No model is installed, and the active model stays as it is.</source>
        <translation>Hủy sẽ dừng tiến trình huấn luyện. Không có mô hình nào được cài, và mô hình đang dùng giữ nguyên.</translation>
    </message>
    <message>
        <source>Cancel training</source>
        <translation>Hủy huấn luyện</translation>
    </message>
    <message>
        <source>Show the results</source>
        <translation>Xem kết quả</translation>
    </message>
</context>
<context>
    <name>FineTuneWizard</name>
    <message>
        <source>Fine-tune the search model</source>
        <translation>Tinh chỉnh mô hình tìm kiếm</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; Quay lại</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>Tiếp &gt;</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Enter a user name.</source>
        <translation>Hãy nhập tên đăng nhập.</translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>Mật khẩu phải có ít nhất %1 ký tự.</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same password twice.</source>
        <translation>Hai mật khẩu không khớp. Hãy nhập cùng một mật khẩu hai lần.</translation>
    </message>
    <message>
        <source>This user name cannot be used. Use at most %1 letters, digits and spaces, without control characters.</source>
        <translation>Không dùng được tên đăng nhập này. Hãy dùng tối đa %1 chữ cái, chữ số và dấu cách, không có ký tự điều khiển.</translation>
    </message>
    <message>
        <source>Welcome to vnsearch</source>
        <translation>Chào mừng đến với vnsearch</translation>
    </message>
    <message>
        <source>Create the administrator account</source>
        <translation>Tạo tài khoản quản trị viên</translation>
    </message>
    <message>
        <source>This data folder has no users yet. The first account is the administrator: it imports documents, sets their access levels and creates the other users. It can see every document.</source>
        <translation>Thư mục dữ liệu này chưa có người dùng nào. Tài khoản đầu tiên là quản trị viên: nhập tài liệu, đặt mức truy cập cho tài liệu và tạo các người dùng khác. Tài khoản này xem được mọi tài liệu.</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Tên đăng nhập:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mật khẩu:</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>Nhập lại mật khẩu:</translation>
    </message>
    <message>
        <source>Access level:</source>
        <translation>Mức truy cập:</translation>
    </message>
    <message>
        <source>at least %1 characters</source>
        <translation>ít nhất %1 ký tự</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Tạo tài khoản</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
</context>
<context>
    <name>FoldersPage</name>
    <message>
        <source>Choose folders</source>
        <translation>Chọn thư mục</translation>
    </message>
    <message>
        <source>vnsearch indexes every supported file in these folders and their subfolders.</source>
        <translation>vnsearch lập chỉ mục mọi tệp được hỗ trợ trong các thư mục này và các thư mục con.</translation>
    </message>
    <message>
        <source>Add the folders that hold the documents to make searchable. Files stay where they are; vnsearch only reads them. Importing a folder again later reads only new and changed files.</source>
        <translation>Thêm các thư mục chứa tài liệu cần tìm kiếm được. Tệp vẫn nằm nguyên chỗ cũ; vnsearch chỉ đọc chúng. Khi nhập lại một thư mục, vnsearch chỉ đọc các tệp mới và tệp đã thay đổi.</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Thêm thư mục…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Gỡ bỏ</translation>
    </message>
    <message>
        <source>Choose a folder to import</source>
        <translation>Chọn thư mục cần nhập</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 giây</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 phút %2 giây</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 giờ %2 phút</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import folders</source>
        <translation>Nhập thư mục</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; Quay lại</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>Tiếp theo &gt;</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>IndexManagerPage</name>
    <message>
        <source>The index could not be read.</source>
        <translation>Không đọc được chỉ mục.</translation>
    </message>
    <message>
        <source>%1 of %2 documents</source>
        <translation>%1 trên %2 tài liệu</translation>
    </message>
    <message>
        <source>The labels could not be changed.</source>
        <translation>Không đổi được phân loại.</translation>
    </message>
    <message>
        <source>The documents could not be removed from the index.</source>
        <translation>Không gỡ được tài liệu khỏi chỉ mục.</translation>
    </message>
    <message>
        <source>Indexing %1…</source>
        <translation>Đang lập chỉ mục %1…</translation>
    </message>
    <message>
        <source>Indexing failed.</source>
        <translation>Lập chỉ mục thất bại.</translation>
    </message>
    <message>
        <source>New: %1 · Updated: %2 · Removed: %3 · Not indexed: %4</source>
        <translation>Mới: %1 · Cập nhật: %2 · Đã gỡ: %3 · Không lập chỉ mục được: %4</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Đã hủy.</translation>
    </message>
    <message>
        <source>Indexed folders</source>
        <translation>Thư mục đã lập chỉ mục</translation>
    </message>
    <message>
        <source>Import folders…</source>
        <translation>Nhập thư mục…</translation>
    </message>
    <message>
        <source>Re-index selected folder</source>
        <translation>Lập chỉ mục lại thư mục đã chọn</translation>
    </message>
    <message>
        <source>Read new and changed files of the folder and drop deleted ones</source>
        <translation>Đọc các tệp mới và tệp đã thay đổi trong thư mục, bỏ các tệp đã bị xóa</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Tài liệu</translation>
    </message>
    <message>
        <source>Filter by title, path, department, tag…</source>
        <translation>Lọc theo tiêu đề, đường dẫn, phòng ban, thẻ…</translation>
    </message>
    <message>
        <source>Edit labels…</source>
        <translation>Sửa phân loại…</translation>
    </message>
    <message>
        <source>Remove from index</source>
        <translation>Gỡ khỏi chỉ mục</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Đường dẫn</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Access level</source>
        <translation>Mức truy cập</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Phòng ban</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Thẻ</translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation>Số đoạn</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Vấn đề</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>Đang dừng sau lô hiện tại…</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n document(s) from the index? The files stay on disk; importing their folder again adds them back.</source>
        <translation>
            <numerusform>Gỡ %n tài liệu khỏi chỉ mục? Các tệp vẫn còn trên ổ đĩa; nhập lại thư mục của chúng sẽ thêm lại vào chỉ mục.</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Gỡ</translation>
    </message>
</context>
<context>
    <name>IndexingPage</name>
    <message>
        <source>Started indexing %1.</source>
        <translation>Bắt đầu lập chỉ mục %1.</translation>
    </message>
    <message>
        <source>Preparing the search model…</source>
        <translation>Đang chuẩn bị mô hình tìm kiếm…</translation>
    </message>
    <message>
        <source>Indexing failed.</source>
        <translation>Lập chỉ mục thất bại.</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>Đang dừng sau lô hiện tại…</translation>
    </message>
    <message>
        <source>Cancel requested.</source>
        <translation>Đã yêu cầu hủy.</translation>
    </message>
    <message>
        <source>Looking for new and changed files…</source>
        <translation>Đang tìm tệp mới và tệp đã thay đổi…</translation>
    </message>
    <message>
        <source>Reading and indexing files…</source>
        <translation>Đang đọc và lập chỉ mục tệp…</translation>
    </message>
    <message>
        <source>Building the search index…</source>
        <translation>Đang xây dựng chỉ mục tìm kiếm…</translation>
    </message>
    <message>
        <source>Finishing…</source>
        <translation>Đang hoàn tất…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 chunks/s</source>
        <translation>%1 đoạn/giây</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>khoảng %1</translation>
    </message>
    <message>
        <source>Read %1</source>
        <translation>Đã đọc %1</translation>
    </message>
    <message>
        <source>Cancelled. Files finished before the cancel stay indexed.</source>
        <translation>Đã hủy. Các tệp xử lý xong trước khi hủy vẫn nằm trong chỉ mục.</translation>
    </message>
    <message>
        <source>Finished in %1.</source>
        <translation>Hoàn tất trong %1.</translation>
    </message>
    <message>
        <source>Skipped %1: %2</source>
        <translation>Bỏ qua %1: %2</translation>
    </message>
    <message>
        <source>Indexing failed: %1</source>
        <translation>Lập chỉ mục thất bại: %1</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Xong.</translation>
    </message>
    <message>
        <source>Indexing</source>
        <translation>Lập chỉ mục</translation>
    </message>
    <message>
        <source>You can keep working in other programs. Cancel keeps the finished files.</source>
        <translation>Bạn có thể tiếp tục làm việc với chương trình khác. Khi hủy, các tệp đã xử lý xong vẫn được giữ.</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>Tệp:</translation>
    </message>
    <message>
        <source>Chunks:</source>
        <translation>Số đoạn:</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>Tốc độ:</translation>
    </message>
    <message>
        <source>Time left:</source>
        <translation>Thời gian còn lại:</translation>
    </message>
    <message>
        <source>Current file:</source>
        <translation>Tệp đang xử lý:</translation>
    </message>
    <message>
        <source>Cancel indexing</source>
        <translation>Hủy lập chỉ mục</translation>
    </message>
    <message>
        <source>Show the result</source>
        <translation>Xem kết quả</translation>
    </message>
</context>
<context>
    <name>IssueTexts</name>
    <message>
        <source>The file is protected by a password.</source>
        <translation>Tệp được bảo vệ bằng mật khẩu.</translation>
    </message>
    <message>
        <source>Save a copy without the password, then import the folder again.</source>
        <translation>Hãy lưu một bản không đặt mật khẩu, rồi nhập lại thư mục.</translation>
    </message>
    <message>
        <source>The file is damaged or incomplete.</source>
        <translation>Tệp bị hỏng hoặc không đầy đủ.</translation>
    </message>
    <message>
        <source>Open it in its program and save a new copy, then import again.</source>
        <translation>Hãy mở tệp bằng chương trình của nó và lưu một bản mới, rồi nhập lại.</translation>
    </message>
    <message>
        <source>The file contains no text.</source>
        <translation>Tệp không có nội dung văn bản.</translation>
    </message>
    <message>
        <source>Check that it is the right file; an empty file cannot be searched.</source>
        <translation>Hãy kiểm tra xem có đúng tệp không; tệp rỗng thì không tìm kiếm được.</translation>
    </message>
    <message>
        <source>The PDF is a scanned image without a text layer.</source>
        <translation>Tệp PDF là ảnh quét, không có lớp văn bản.</translation>
    </message>
    <message>
        <source>Run text recognition (OCR) on it, for example in your scanner&apos;s software, then import again.</source>
        <translation>Hãy nhận dạng chữ (OCR) cho tệp, ví dụ bằng phần mềm của máy quét, rồi nhập lại.</translation>
    </message>
    <message>
        <source>The file is in an old Office format (.doc, .xls).</source>
        <translation>Tệp ở định dạng Office cũ (.doc, .xls).</translation>
    </message>
    <message>
        <source>Open it in Word, Excel or LibreOffice, save it as .docx or .xlsx, then import again.</source>
        <translation>Hãy mở tệp bằng Word, Excel hoặc LibreOffice, lưu thành .docx hoặc .xlsx, rồi nhập lại.</translation>
    </message>
    <message>
        <source>vnsearch cannot read this file type.</source>
        <translation>vnsearch không đọc được loại tệp này.</translation>
    </message>
    <message>
        <source>Save it as PDF, Word (.docx), Excel (.xlsx) or text to search it.</source>
        <translation>Hãy lưu thành PDF, Word (.docx), Excel (.xlsx) hoặc văn bản để tìm kiếm được.</translation>
    </message>
    <message>
        <source>The file is larger than 200 MB.</source>
        <translation>Tệp lớn hơn 200 MB.</translation>
    </message>
    <message>
        <source>Split it into smaller files, then import again.</source>
        <translation>Hãy chia thành các tệp nhỏ hơn, rồi nhập lại.</translation>
    </message>
    <message>
        <source>The file could not be opened.</source>
        <translation>Không mở được tệp.</translation>
    </message>
    <message>
        <source>Close it in other programs and check that your account may read it, then import again.</source>
        <translation>Hãy đóng tệp trong các chương trình khác và kiểm tra tài khoản của bạn có quyền đọc tệp, rồi nhập lại.</translation>
    </message>
    <message>
        <source>The folder or file does not exist.</source>
        <translation>Thư mục hoặc tệp không tồn tại.</translation>
    </message>
    <message>
        <source>Check the path, for example that the network drive is connected.</source>
        <translation>Hãy kiểm tra đường dẫn, ví dụ ổ mạng đã được kết nối chưa.</translation>
    </message>
    <message>
        <source>A metadata file (.vnsearch.json) is not valid.</source>
        <translation>Một tệp thông tin phân loại (.vnsearch.json) không hợp lệ.</translation>
    </message>
    <message>
        <source>Its folder was indexed with the inherited settings. Set the folder&apos;s rules again in this wizard, or fix the file.</source>
        <translation>Thư mục của nó đã được lập chỉ mục theo thiết lập kế thừa. Hãy đặt lại quy tắc cho thư mục trong trình hướng dẫn này, hoặc sửa tệp đó.</translation>
    </message>
    <message>
        <source>The file could not be indexed.</source>
        <translation>Không lập chỉ mục được tệp.</translation>
    </message>
    <message>
        <source>Read the details; the log file has more. Report it if it happens again.</source>
        <translation>Hãy đọc phần chi tiết; tệp nhật ký có thêm thông tin. Hãy báo lại nếu lỗi lặp lại.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Wrong user name or password. Check the spelling and Caps Lock, then try again. An administrator can set a new password for you.</source>
        <translation>Sai tên đăng nhập hoặc mật khẩu. Hãy kiểm tra chính tả và phím Caps Lock rồi thử lại. Quản trị viên có thể đặt mật khẩu mới cho bạn.</translation>
    </message>
    <message>
        <source>Sign in – vnsearch</source>
        <translation>Đăng nhập – vnsearch</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Sign in to search the documents your access level allows.</source>
        <translation>Đăng nhập để tìm kiếm các tài liệu mà mức truy cập của bạn cho phép.</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Tên đăng nhập:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mật khẩu:</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
</context>
<context>
    <name>LossChart</name>
    <message>
        <source>Training loss per step (lower is better)</source>
        <translation>Hàm mất mát theo từng bước huấn luyện (càng thấp càng tốt)</translation>
    </message>
    <message>
        <source>The curve appears after the first training steps.</source>
        <translation>Đường biểu diễn xuất hiện sau các bước huấn luyện đầu tiên.</translation>
    </message>
    <message>
        <source>step</source>
        <translation>bước</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>The search model could not be loaded.</source>
        <translation>Không nạp được mô hình tìm kiếm.</translation>
    </message>
    <message>
        <source>vnsearch – company document search</source>
        <translation>vnsearch – tìm kiếm tài liệu công ty</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Tìm kiếm</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>Chỉ mục</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <source>&amp;Import folders…</source>
        <translation>&amp;Nhập thư mục…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>T&amp;hoát</translation>
    </message>
    <message>
        <source>&amp;Administration</source>
        <translation>&amp;Quản trị</translation>
    </message>
    <message>
        <source>Relevance &amp;feedback…</source>
        <translation>&amp;Phản hồi về kết quả tìm kiếm…</translation>
    </message>
    <message>
        <source>Export &amp;positive pairs…</source>
        <translation>Xuất cặp câu hỏi – đoạn đú&amp;ng…</translation>
    </message>
    <message>
        <source>Export &amp;hard negatives…</source>
        <translation>Xuất &amp;mẫu sai dễ nhầm…</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2, level: %3)</source>
        <translation>Đăng nhập: %1 (%2, mức: %3)</translation>
    </message>
    <message>
        <source>%1 documents · %2 passages available to you</source>
        <translation>Bạn xem được %1 tài liệu · %2 đoạn văn</translation>
    </message>
    <message>
        <source>Indexing is running</source>
        <translation>Đang lập chỉ mục</translation>
    </message>
    <message>
        <source>Indexing is still running. Stop it and quit? Files finished so far stay searchable.</source>
        <translation>Việc lập chỉ mục vẫn đang chạy. Dừng lại và thoát? Các tệp đã xử lý xong vẫn tìm kiếm được.</translation>
    </message>
    <message>
        <source>Model work is running</source>
        <translation>Đang xử lý mô hình</translation>
    </message>
    <message>
        <source>Fine-tuning or a model switch is still running. Stop it and quit? The current model stays active, and nothing unfinished is installed.</source>
        <translation>Quá trình tinh chỉnh hoặc chuyển mô hình vẫn đang chạy. Dừng lại và thoát? Mô hình hiện tại vẫn được dùng, và không có gì dang dở được cài đặt.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>The search model is missing or could not be loaded. An administrator can install it on the Models page.</source>
        <translation>Thiếu mô hình tìm kiếm hoặc không nạp được mô hình. Quản trị viên có thể cài mô hình ở trang Mô hình.</translation>
    </message>
    <message>
        <source>The index was built with another model or other chunking settings. An administrator must index the folders again.</source>
        <translation>Chỉ mục được xây dựng bằng mô hình khác hoặc thiết lập chia đoạn khác. Quản trị viên cần lập chỉ mục lại các thư mục.</translation>
    </message>
    <message>
        <source>Another indexing run or model switch is writing the index. Wait until it finishes, or cancel it, then try again.</source>
        <translation>Một lượt lập chỉ mục hoặc đổi mô hình khác đang ghi vào chỉ mục. Hãy chờ nó xong hoặc hủy nó, rồi thử lại.</translation>
    </message>
    <message>
        <source>A value is not valid. Read the details, correct the value and try again.</source>
        <translation>Có giá trị không hợp lệ. Hãy đọc phần chi tiết, sửa giá trị rồi thử lại.</translation>
    </message>
    <message>
        <source>The file could not be read. It may be damaged, protected by a password or in an unsupported format; the details say which.</source>
        <translation>Không đọc được tệp. Tệp có thể bị hỏng, được bảo vệ bằng mật khẩu hoặc ở định dạng không hỗ trợ; phần chi tiết cho biết nguyên nhân cụ thể.</translation>
    </message>
    <message>
        <source>Permission denied. Check that your Windows or Linux account may read and write this file or folder.</source>
        <translation>Không có quyền truy cập. Hãy kiểm tra tài khoản Windows hoặc Linux của bạn có quyền đọc và ghi tệp hoặc thư mục này.</translation>
    </message>
    <message>
        <source>The file or folder was not found. It may have been moved or deleted; index its folder again to update the index.</source>
        <translation>Không tìm thấy tệp hoặc thư mục. Có thể nó đã bị chuyển đi hoặc bị xóa; hãy lập chỉ mục lại thư mục để cập nhật chỉ mục.</translation>
    </message>
    <message>
        <source>A file or folder could not be read or written. Check that it exists, that the disk is not full and that no other program locks it.</source>
        <translation>Không đọc hoặc ghi được một tệp hay thư mục. Hãy kiểm tra nó còn tồn tại, ổ đĩa chưa đầy và không có chương trình nào khác đang khóa nó.</translation>
    </message>
    <message>
        <source>Read the details, correct the problem and try again.</source>
        <translation>Hãy đọc phần chi tiết, khắc phục vấn đề rồi thử lại.</translation>
    </message>
    <message>
        <source>the logs folder of the data folder</source>
        <translation>thư mục logs trong thư mục dữ liệu</translation>
    </message>
    <message>
        <source>%1

This is an unexpected error in vnsearch. The details were written to the log file %2. Please send that file to your administrator.</source>
        <translation>%1

Đây là lỗi ngoài dự kiến của vnsearch. Chi tiết đã được ghi vào tệp nhật ký %2. Vui lòng gửi tệp đó cho quản trị viên.</translation>
    </message>
</context>
<context>
    <name>MetadataDialog</name>
    <message>
        <source>Edit labels</source>
        <translation>Sửa phân loại</translation>
    </message>
    <message numerus="yes">
        <source>Tick the fields to change for the %n selected document(s).</source>
        <translation>
            <numerusform>Đánh dấu các trường cần đổi cho %n tài liệu đã chọn.</numerusform>
        </translation>
    </message>
    <message>
        <source>Access level</source>
        <translation>Mức truy cập</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Phòng ban</translation>
    </message>
    <message>
        <source>Document type</source>
        <translation>Loại tài liệu</translation>
    </message>
    <message>
        <source>Tags (comma-separated)</source>
        <translation>Thẻ (cách nhau bằng dấu phẩy)</translation>
    </message>
    <message>
        <source>The change applies at once, without reading the files again. A rule in a .vnsearch.json file of the folder wins at the next import; change the folder&apos;s rule in the import wizard to make the change permanent.</source>
        <translation>Thay đổi có hiệu lực ngay, không cần đọc lại tệp. Ở lần nhập sau, quy tắc trong tệp .vnsearch.json của thư mục sẽ được ưu tiên; hãy sửa quy tắc của thư mục trong trình nhập thư mục để thay đổi được giữ lâu dài.</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>MetadataPage</name>
    <message>
        <source>Reading the folder structure…</source>
        <translation>Đang đọc cấu trúc thư mục…</translation>
    </message>
    <message>
        <source>The folder structure could not be read.</source>
        <translation>Không đọc được cấu trúc thư mục.</translation>
    </message>
    <message>
        <source>The folder rules could not be saved in a .vnsearch.json file. Make the folder writable, or clear the rules of folders you cannot change.</source>
        <translation>Không lưu được quy tắc thư mục vào tệp .vnsearch.json. Hãy cấp quyền ghi cho thư mục, hoặc xóa quy tắc của những thư mục bạn không thay đổi được.</translation>
    </message>
    <message numerus="yes">
        <source>%n rules file(s) saved.</source>
        <translation>
            <numerusform>Đã lưu %n tệp quy tắc.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n folder(s). Double-click a cell to set a rule.</source>
        <translation>
            <numerusform>%n thư mục. Nhấp đúp vào một ô để đặt quy tắc.</numerusform>
        </translation>
    </message>
    <message>
        <source>Only the first 2000 folders are listed.</source>
        <translation>Chỉ liệt kê 2000 thư mục đầu tiên.</translation>
    </message>
    <message>
        <source>Access levels and labels</source>
        <translation>Mức truy cập và phân loại</translation>
    </message>
    <message>
        <source>Decide who may see the documents and how they can be filtered.</source>
        <translation>Quyết định ai được xem tài liệu và tài liệu được lọc theo những tiêu chí nào.</translation>
    </message>
    <message>
        <source>Defaults for files without a rule</source>
        <translation>Mặc định cho tệp chưa có quy tắc</translation>
    </message>
    <message>
        <source>Access level:</source>
        <translation>Mức truy cập:</translation>
    </message>
    <message>
        <source>Department:</source>
        <translation>Phòng ban:</translation>
    </message>
    <message>
        <source>Document type:</source>
        <translation>Loại tài liệu:</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Thẻ:</translation>
    </message>
    <message>
        <source>for example Nhân sự</source>
        <translation>ví dụ: Nhân sự</translation>
    </message>
    <message>
        <source>separated by commas</source>
        <translation>cách nhau bằng dấu phẩy</translation>
    </message>
    <message>
        <source>Rules per folder</source>
        <translation>Quy tắc theo thư mục</translation>
    </message>
    <message>
        <source>A rule applies to a folder and its subfolders. Grey values are inherited. Rules are saved as .vnsearch.json files in the folders when you click Next.</source>
        <translation>Quy tắc áp dụng cho một thư mục và các thư mục con của nó. Giá trị màu xám là giá trị kế thừa. Khi bạn bấm Tiếp theo, quy tắc được lưu thành tệp .vnsearch.json trong các thư mục.</translation>
    </message>
    <message>
        <source>Clear the selected folder&apos;s rule</source>
        <translation>Xóa quy tắc của thư mục đã chọn</translation>
    </message>
</context>
<context>
    <name>ModelSwitch</name>
    <message>
        <source>The model could not be switched.</source>
        <translation>Không chuyển được mô hình.</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>Preparing the switch…</source>
        <translation>Đang chuẩn bị chuyển mô hình…</translation>
    </message>
    <message>
        <source>Reading and splitting the documents again: %1</source>
        <translation>Đang đọc và chia đoạn lại tài liệu: %1</translation>
    </message>
    <message>
        <source>Embedding the passages with the new model: %1</source>
        <translation>Đang nhúng các đoạn văn bằng mô hình mới: %1</translation>
    </message>
    <message>
        <source>Adding passages that changed meanwhile: %1</source>
        <translation>Đang thêm các đoạn văn thay đổi trong lúc chuyển: %1</translation>
    </message>
    <message>
        <source>Switching to the new model…</source>
        <translation>Đang chuyển sang mô hình mới…</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Xong.</translation>
    </message>
    <message>
        <source>(about %1 left)</source>
        <translation>(còn khoảng %1)</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <source>The list of models could not be read.</source>
        <translation>Không đọc được danh sách mô hình.</translation>
    </message>
    <message>
        <source>Installing the default model…</source>
        <translation>Đang cài mô hình mặc định…</translation>
    </message>
    <message>
        <source>The default model could not be installed.</source>
        <translation>Không cài được mô hình mặc định.</translation>
    </message>
    <message>
        <source>Checking and copying %1…</source>
        <translation>Đang kiểm tra và sao chép %1…</translation>
    </message>
    <message>
        <source>The model folder could not be imported.</source>
        <translation>Không nhập được thư mục mô hình.</translation>
    </message>
    <message>
        <source>Model %1 is installed.</source>
        <translation>Đã cài mô hình %1.</translation>
    </message>
    <message>
        <source>Model %1 is installed. The index keeps using %2. To switch, run vnsearch models activate %1: it embeds every document again in the background while search keeps working.</source>
        <translation>Đã cài mô hình %1. Chỉ mục vẫn dùng %2. Để chuyển sang mô hình mới, hãy chạy lệnh vnsearch models activate %1: mọi tài liệu được tính lại vector ở chế độ nền trong khi việc tìm kiếm vẫn hoạt động bình thường.</translation>
    </message>
    <message>
        <source>The previous model could not be restored.</source>
        <translation>Không khôi phục được mô hình trước.</translation>
    </message>
    <message>
        <source>Indexing or a model switch is running; roll back when it has ended.</source>
        <translation>Đang lập chỉ mục hoặc đang chuyển mô hình; hãy quay lại mô hình trước khi việc đó xong.</translation>
    </message>
    <message>
        <source>Rolling back to %1…</source>
        <translation>Đang quay lại %1…</translation>
    </message>
    <message>
        <source>The rollback stopped; %1 is still active.</source>
        <translation>Việc quay lại đã dừng; %1 vẫn đang được dùng.</translation>
    </message>
    <message>
        <source>Rolled back: the index uses %1 again.</source>
        <translation>Đã quay lại: chỉ mục dùng lại %1.</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>đang dùng</translation>
    </message>
    <message>
        <source>Embedding</source>
        <translation>Mô hình nhúng</translation>
    </message>
    <message>
        <source>Re-ranker</source>
        <translation>Mô hình xếp hạng lại</translation>
    </message>
    <message>
        <source>Model used by the index: %1</source>
        <translation>Mô hình chỉ mục đang dùng: %1</translation>
    </message>
    <message>
        <source>Re-ranking: on, with %1. It reads each question with the best %2 passages again and puts the most relevant first.</source>
        <translation>Xếp hạng lại: đang bật, dùng %1. Mô hình này đọc lại mỗi câu hỏi cùng %2 đoạn văn tốt nhất và đưa đoạn liên quan nhất lên đầu.</translation>
    </message>
    <message>
        <source>Re-ranking: off. %1 is installed, but the search stages setting leaves re-ranking out.</source>
        <translation>Xếp hạng lại: đang tắt. Đã cài %1, nhưng thiết lập các bước tìm kiếm (search stages) không có bước xếp hạng lại.</translation>
    </message>
    <message>
        <source>Re-ranking: off. The re-ranker %1 named in the settings is not installed. Import it, or clear the re-ranker setting to use another installed one.</source>
        <translation>Xếp hạng lại: đang tắt. Mô hình xếp hạng lại %1 ghi trong thiết lập chưa được cài. Hãy nhập mô hình đó, hoặc xóa thiết lập re-ranker để dùng một mô hình khác đã cài.</translation>
    </message>
    <message>
        <source>Re-ranking: off. No re-ranker model is installed. Import one with “Import re-ranker folder…” or run: vnsearch models import --kind reranker PATH</source>
        <translation>Xếp hạng lại: đang tắt. Chưa cài mô hình xếp hạng lại nào. Hãy nhập một mô hình bằng nút “Nhập thư mục mô hình xếp hạng lại…” hoặc chạy lệnh: vnsearch models import --kind reranker PATH</translation>
    </message>
    <message>
        <source>No evaluation report yet. Use “Compare models…” or run vnsearch eval.</source>
        <translation>Chưa có báo cáo đánh giá. Hãy dùng “So sánh mô hình…” hoặc chạy lệnh vnsearch eval.</translation>
    </message>
    <message>
        <source>No previous model: the index has not switched models since it was built.</source>
        <translation>Không có mô hình trước: chỉ mục chưa chuyển mô hình lần nào kể từ khi được tạo.</translation>
    </message>
    <message>
        <source>Switch back to %1; only passages changed since the switch are embedded.</source>
        <translation>Chuyển về %1; chỉ các đoạn văn thay đổi từ lần chuyển trước mới được nhúng lại.</translation>
    </message>
    <message>
        <source>The embedding model turns text into vectors so that a question finds passages with the same meaning, not only the same words. Everything runs on this computer; no text leaves it.</source>
        <translation>Mô hình nhúng chuyển văn bản thành vectơ để một câu hỏi tìm được các đoạn cùng ý nghĩa, không chỉ các đoạn có cùng từ ngữ. Mọi xử lý đều chạy trên máy tính này; không có văn bản nào bị gửi ra ngoài.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Dimension</source>
        <translation>Số chiều</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Dung lượng</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>Ngày cài</translation>
    </message>
    <message>
        <source>Install default model</source>
        <translation>Cài mô hình mặc định</translation>
    </message>
    <message>
        <source>Import model folder…</source>
        <translation>Nhập thư mục mô hình…</translation>
    </message>
    <message>
        <source>Import re-ranker folder…</source>
        <translation>Nhập thư mục mô hình xếp hạng lại…</translation>
    </message>
    <message>
        <source>Fine-tune…</source>
        <translation>Tinh chỉnh…</translation>
    </message>
    <message>
        <source>Compare models…</source>
        <translation>So sánh mô hình…</translation>
    </message>
    <message>
        <source>Open the latest evaluation report</source>
        <translation>Mở báo cáo đánh giá mới nhất</translation>
    </message>
    <message>
        <source>Roll back to the previous model</source>
        <translation>Quay lại mô hình trước</translation>
    </message>
    <message>
        <source>Choose a sentence-transformers model folder</source>
        <translation>Chọn thư mục mô hình sentence-transformers</translation>
    </message>
    <message>
        <source>Choose a cross-encoder (re-ranker) model folder</source>
        <translation>Chọn thư mục mô hình cross-encoder (xếp hạng lại)</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>Quay lại mô hình trước</translation>
    </message>
    <message>
        <source>Switch the index back to %1? Search keeps working with %2 until the switch.</source>
        <translation>Chuyển chỉ mục về %1? Tìm kiếm vẫn dùng %2 cho đến khi chuyển xong.</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <source>Public</source>
        <translation>Công khai</translation>
    </message>
    <message>
        <source>Internal</source>
        <translation>Nội bộ</translation>
    </message>
    <message>
        <source>Confidential</source>
        <translation>Mật</translation>
    </message>
    <message>
        <source>Restricted</source>
        <translation>Tối mật</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Chính sách</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Quy trình</translation>
    </message>
    <message>
        <source>Technical guide</source>
        <translation>Hướng dẫn kỹ thuật</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Báo cáo</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Khác</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Quản trị viên</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <source>Indexed</source>
        <translation>Đã lập chỉ mục</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Lỗi</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Bỏ qua</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <source>Choose a BEIR folder</source>
        <translation>Chọn thư mục BEIR</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Chọn tệp</translation>
    </message>
    <message>
        <source>JSON Lines files (*.jsonl)</source>
        <translation>Tệp JSON Lines (*.jsonl)</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>The page could not be shown.</source>
        <translation>Không hiển thị được trang.</translation>
    </message>
    <message>
        <source>This page cannot be shown: the PDF may be damaged or protected by a password. Open the file to read it.</source>
        <translation>Không hiển thị được trang này: tệp PDF có thể bị hỏng hoặc được bảo vệ bằng mật khẩu. Hãy mở tệp để đọc.</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Trang %1 / %2</translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation>Trang %1</translation>
    </message>
    <message>
        <source>Matching passage:</source>
        <translation>Đoạn văn phù hợp:</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Trang trước</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Trang sau</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>Select a result to preview it here.</source>
        <translation>Chọn một kết quả để xem trước tại đây.</translation>
    </message>
    <message>
        <source>Loading the preview…</source>
        <translation>Đang tải bản xem trước…</translation>
    </message>
    <message>
        <source>The preview could not be loaded.</source>
        <translation>Không tải được bản xem trước.</translation>
    </message>
    <message>
        <source>The preview cannot be shown: the file may have been moved, deleted or damaged since it was indexed. Open it, or ask an administrator to index its folder again.</source>
        <translation>Không hiển thị được bản xem trước: tệp có thể đã bị chuyển đi, bị xóa hoặc bị hỏng sau khi lập chỉ mục. Hãy mở tệp, hoặc nhờ quản trị viên lập chỉ mục lại thư mục của tệp.</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>Mở tệp</translation>
    </message>
    <message>
        <source>Open the document in its program (Enter)</source>
        <translation>Mở tài liệu bằng chương trình của nó (Enter)</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Mở thư mục</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>Sao chép đường dẫn</translation>
    </message>
    <message>
        <source>Copy the file&apos;s path to the clipboard (Ctrl+C)</source>
        <translation>Sao chép đường dẫn của tệp vào bộ nhớ tạm (Ctrl+C)</translation>
    </message>
</context>
<context>
    <name>ResultCard</name>
    <message>
        <source>page %1</source>
        <translation>trang %1</translation>
    </message>
    <message>
        <source>modified %1</source>
        <translation>sửa ngày %1</translation>
    </message>
    <message>
        <source>Right document</source>
        <translation>Đúng tài liệu cần tìm</translation>
    </message>
    <message>
        <source>This is the document I was looking for (Alt+1; click again to undo)</source>
        <translation>Đây là tài liệu tôi cần tìm (Alt+1; bấm lần nữa để hoàn tác)</translation>
    </message>
    <message>
        <source>Not relevant</source>
        <translation>Không liên quan</translation>
    </message>
    <message>
        <source>This result does not answer my search (Alt+2; click again to undo)</source>
        <translation>Kết quả này không đúng điều tôi tìm (Alt+2; bấm lần nữa để hoàn tác)</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>Indexing stopped because of an error. Files finished before it stay searchable. The details are in the log file; fix the cause and import the folder again.</source>
        <translation>Việc lập chỉ mục bị dừng do lỗi. Các tệp xử lý xong trước đó vẫn tìm kiếm được. Chi tiết nằm trong tệp nhật ký; hãy khắc phục nguyên nhân rồi nhập lại thư mục.</translation>
    </message>
    <message>
        <source>Indexing was cancelled. Files finished before the cancel are searchable; import the folder again to index the rest.</source>
        <translation>Việc lập chỉ mục đã bị hủy. Các tệp xử lý xong trước khi hủy đã tìm kiếm được; hãy nhập lại thư mục để lập chỉ mục phần còn lại.</translation>
    </message>
    <message>
        <source>Indexing finished in %1.</source>
        <translation>Lập chỉ mục xong trong %1.</translation>
    </message>
    <message>
        <source>New: %1 · Updated: %2 · Unchanged: %3 · Labels changed: %4 · Removed: %5 · Not indexed: %6 · Chunks added: %7</source>
        <translation>Mới: %1 · Cập nhật: %2 · Không đổi: %3 · Đổi phân loại: %4 · Đã gỡ: %5 · Không lập chỉ mục được: %6 · Số đoạn thêm: %7</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) could not be indexed. Hover over a problem for details.</source>
        <translation>
            <numerusform>Có %n tệp không lập chỉ mục được. Di chuột lên cột Vấn đề để xem chi tiết.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every file was indexed.</source>
        <translation>Mọi tệp đều đã được lập chỉ mục.</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>The documents are now searchable.</source>
        <translation>Giờ đây có thể tìm kiếm các tài liệu.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Vấn đề</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Cách xử lý</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Xuất CSV…</translation>
    </message>
    <message>
        <source>Export the list of files</source>
        <translation>Xuất danh sách tệp</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Tệp CSV (*.csv)</translation>
    </message>
    <message>
        <source>The list could not be saved.</source>
        <translation>Không lưu được danh sách.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) written to %1.</source>
        <translation>
            <numerusform>Đã ghi %n tệp vào %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RuleDelegate</name>
    <message>
        <source>(inherited)</source>
        <translation>(kế thừa)</translation>
    </message>
</context>
<context>
    <name>RuleTree</name>
    <message numerus="yes">
        <source>%n file(s) here have their own settings, which are kept.</source>
        <translation>
            <numerusform>%n tệp ở đây có thiết lập riêng; các thiết lập này được giữ nguyên.</numerusform>
        </translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(không có)</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Thư mục</translation>
    </message>
    <message>
        <source>Access level</source>
        <translation>Mức truy cập</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>Phòng ban</translation>
    </message>
    <message>
        <source>Document type</source>
        <translation>Loại tài liệu</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Thẻ</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>The list of indexed documents could not be read.</source>
        <translation>Không đọc được danh sách tài liệu đã lập chỉ mục.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Đang tìm…</translation>
    </message>
    <message>
        <source>The search failed.</source>
        <translation>Tìm kiếm thất bại.</translation>
    </message>
    <message>
        <source>Re-ranking the results…</source>
        <translation>Đang xếp hạng lại kết quả…</translation>
    </message>
    <message>
        <source>No document matches. Try other words or clear the filters.</source>
        <translation>Không có tài liệu nào phù hợp. Hãy thử từ khác hoặc xóa bộ lọc.</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) in %1</source>
        <translation>
            <numerusform>%n kết quả trong %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) available to you. Type a question or keywords.</source>
        <translation>
            <numerusform>Bạn xem được %n tài liệu. Hãy nhập câu hỏi hoặc từ khóa.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your feedback could not be saved.</source>
        <translation>Không lưu được phản hồi của bạn.</translation>
    </message>
    <message>
        <source>Ask a question or type keywords, e.g. “nghỉ phép năm” (Ctrl+F)</source>
        <translation>Đặt câu hỏi hoặc nhập từ khóa, ví dụ “nghỉ phép năm” (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Tìm kiếm</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>The settings could not be saved.</source>
        <translation>Không lưu được cài đặt.</translation>
    </message>
    <message>
        <source>Searches re-rank with %1.</source>
        <translation>Tìm kiếm đang xếp hạng lại kết quả bằng %1.</translation>
    </message>
    <message>
        <source>%1 is installed. Searches re-rank with it when this box is checked.</source>
        <translation>Đã cài %1. Tìm kiếm dùng mô hình này để xếp hạng lại khi ô này được chọn.</translation>
    </message>
    <message>
        <source>The re-ranker %1 named in the settings is not installed, so searches skip re-ranking. Import it on the Models page.</source>
        <translation>Mô hình xếp hạng lại %1 ghi trong cài đặt chưa được cài, nên tìm kiếm bỏ qua bước xếp hạng lại. Hãy nhập mô hình đó ở trang Mô hình.</translation>
    </message>
    <message>
        <source>No re-ranker is installed. Import one on the Models page.</source>
        <translation>Chưa cài mô hình xếp hạng lại nào. Hãy nhập một mô hình ở trang Mô hình.</translation>
    </message>
    <message>
        <source>The data folder could not be saved.</source>
        <translation>Không lưu được thư mục dữ liệu.</translation>
    </message>
    <message>
        <source>Automatic (GPU when available)</source>
        <translation>Tự động (dùng GPU nếu có)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>NVIDIA GPU (CUDA)</source>
        <translation>GPU NVIDIA (CUDA)</translation>
    </message>
    <message>
        <source>Checking for a GPU…</source>
        <translation>Đang kiểm tra GPU…</translation>
    </message>
    <message>
        <source>An NVIDIA GPU is available.</source>
        <translation>Có GPU NVIDIA dùng được.</translation>
    </message>
    <message>
        <source>No usable NVIDIA GPU was found; vnsearch uses the CPU.</source>
        <translation>Không tìm thấy GPU NVIDIA dùng được; vnsearch dùng CPU.</translation>
    </message>
    <message>
        <source>The new device is used after vnsearch restarts.</source>
        <translation>Thiết bị mới được dùng sau khi khởi động lại vnsearch.</translation>
    </message>
    <message>
        <source>Interface and computing</source>
        <translation>Giao diện và xử lý</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Ngôn ngữ:</translation>
    </message>
    <message>
        <source>Compute device:</source>
        <translation>Thiết bị xử lý:</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Thư mục dữ liệu</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Đổi…</translation>
    </message>
    <message>
        <source>The data folder holds the index, the models, the users and the settings. Anyone who can read it can read every indexed text, whatever their access level: protect it with the operating system&apos;s file permissions.</source>
        <translation>Thư mục dữ liệu chứa chỉ mục, mô hình, người dùng và cài đặt. Bất kỳ ai đọc được thư mục này đều đọc được mọi văn bản đã lập chỉ mục, bất kể mức truy cập: hãy bảo vệ nó bằng quyền truy cập tệp của hệ điều hành.</translation>
    </message>
    <message>
        <source>vnsearch will open %1 the next time it starts.</source>
        <translation>Lần khởi động sau, vnsearch sẽ mở %1.</translation>
    </message>
    <message>
        <source>Search ranking</source>
        <translation>Xếp hạng kết quả tìm kiếm</translation>
    </message>
    <message>
        <source>Re-rank results with the installed cross-encoder</source>
        <translation>Xếp hạng lại kết quả bằng mô hình cross-encoder đã cài</translation>
    </message>
    <message>
        <source>Candidates re-ranked:</source>
        <translation>Số kết quả xếp hạng lại:</translation>
    </message>
    <message>
        <source>How many of the best results the re-ranker reads again. More candidates can find answers that hybrid search placed lower, but each one costs a model pass, so on a CPU every extra candidate makes searches slower.</source>
        <translation>Số kết quả tốt nhất mà mô hình xếp hạng lại đọc lại. Càng nhiều kết quả thì càng có thể tìm ra câu trả lời mà tìm kiếm kết hợp (hybrid) xếp thấp hơn, nhưng mỗi kết quả tốn một lượt chạy mô hình, nên trên CPU mỗi kết quả thêm vào đều làm tìm kiếm chậm hơn.</translation>
    </message>
    <message>
        <source>Re-ranker weight:</source>
        <translation>Trọng số mô hình xếp hạng lại:</translation>
    </message>
    <message>
        <source>How much the re-ranker&apos;s judgement counts against the hybrid search score. 1 trusts the re-ranker alone. Lower values keep good hybrid results when the re-ranker does not suit your documents. Check with “Compare models…” on the Models page.</source>
        <translation>Mức ảnh hưởng của đánh giá từ mô hình xếp hạng lại so với điểm của tìm kiếm kết hợp (hybrid). 1 là chỉ dựa vào mô hình xếp hạng lại. Giá trị thấp hơn giữ được các kết quả tốt của tìm kiếm kết hợp khi mô hình xếp hạng lại không phù hợp với tài liệu của bạn. Hãy kiểm tra bằng “So sánh mô hình…” ở trang Mô hình.</translation>
    </message>
    <message>
        <source>Apply users&apos; relevance feedback</source>
        <translation>Áp dụng phản hồi của người dùng về kết quả tìm kiếm</translation>
    </message>
    <message>
        <source>Feedback cap:</source>
        <translation>Giới hạn tác động của phản hồi:</translation>
    </message>
    <message>
        <source>The largest move a document&apos;s score can get from feedback, in standard deviations of the leading results&apos; scores. 0 turns the effect off.</source>
        <translation>Mức thay đổi lớn nhất mà phản hồi có thể gây ra cho điểm của một tài liệu, tính bằng số độ lệch chuẩn của điểm các kết quả dẫn đầu. Đặt 0 để tắt tác động này.</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>Thứ tự:</translation>
    </message>
    <message>
        <source>Re-rank, then feedback</source>
        <translation>Xếp hạng lại trước, rồi phản hồi</translation>
    </message>
    <message>
        <source>Feedback, then re-rank</source>
        <translation>Phản hồi trước, rồi xếp hạng lại</translation>
    </message>
    <message>
        <source>Changes apply to the next search.</source>
        <translation>Thay đổi có hiệu lực từ lần tìm kiếm tiếp theo.</translation>
    </message>
    <message>
        <source>Choose the data folder</source>
        <translation>Chọn thư mục dữ liệu</translation>
    </message>
</context>
<context>
    <name>SourcesForm</name>
    <message>
        <source>The file %1 does not exist.</source>
        <translation>Tệp %1 không tồn tại.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Thư mục %1 không tồn tại.</translation>
    </message>
    <message>
        <source>Choose at least one source of training data: confirmed search results, a pairs file or a BEIR folder.</source>
        <translation>Hãy chọn ít nhất một nguồn dữ liệu huấn luyện: kết quả tìm kiếm đã xác nhận, một tệp cặp hoặc một thư mục BEIR.</translation>
    </message>
    <message>
        <source>Choose the evaluation file (eval_pairs.jsonl).</source>
        <translation>Hãy chọn tệp đánh giá (eval_pairs.jsonl).</translation>
    </message>
    <message>
        <source>Choose a BEIR folder and the split to hold out for evaluation.</source>
        <translation>Hãy chọn thư mục BEIR và phần dữ liệu được giữ lại để đánh giá.</translation>
    </message>
    <message>
        <source>Confirmed search results from this app</source>
        <translation>Kết quả tìm kiếm đã được xác nhận trong ứng dụng</translation>
    </message>
    <message>
        <source>(%1 confirmed, %2 marked not relevant)</source>
        <translation>(%1 đã xác nhận, %2 bị đánh dấu không liên quan)</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>Dữ liệu huấn luyện</translation>
    </message>
    <message>
        <source>Positive pairs (positive_pairs.jsonl):</source>
        <translation>Cặp đúng (positive_pairs.jsonl):</translation>
    </message>
    <message>
        <source>Hard negatives (hard_negatives.jsonl):</source>
        <translation>Đáp án sai dễ nhầm (hard_negatives.jsonl):</translation>
    </message>
    <message>
        <source>BEIR folder:</source>
        <translation>Thư mục BEIR:</translation>
    </message>
    <message>
        <source>BEIR split to train on:</source>
        <translation>Phần dữ liệu BEIR để huấn luyện:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <source>Held-out questions for evaluation</source>
        <translation>Câu hỏi giữ lại để đánh giá</translation>
    </message>
    <message>
        <source>Hold out a share of the questions automatically:</source>
        <translation>Tự động giữ lại một phần câu hỏi:</translation>
    </message>
    <message>
        <source>Take them from a file (eval_pairs.jsonl):</source>
        <translation>Lấy từ một tệp (eval_pairs.jsonl):</translation>
    </message>
    <message>
        <source>Take them from a split of the BEIR folder:</source>
        <translation>Lấy từ một phần dữ liệu của thư mục BEIR:</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Counting files…</source>
        <translation>Đang đếm tệp…</translation>
    </message>
    <message>
        <source>The folders could not be read.</source>
        <translation>Không đọc được các thư mục.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Tổng cộng</translation>
    </message>
    <message>
        <source>No file of the chosen types was found. Go back and choose other folders or file types.</source>
        <translation>Không tìm thấy tệp nào thuộc các loại đã chọn. Hãy quay lại và chọn thư mục hoặc loại tệp khác.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) to read.</source>
        <translation>
            <numerusform>Cần đọc %n tệp.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) are already indexed and unchanged; they are skipped.</source>
        <translation>
            <numerusform>%n tệp đã được lập chỉ mục và không thay đổi; sẽ bỏ qua các tệp này.</numerusform>
        </translation>
    </message>
    <message>
        <source>Measuring the indexing speed on this computer with a few files…</source>
        <translation>Đang đo tốc độ lập chỉ mục trên máy này bằng vài tệp mẫu…</translation>
    </message>
    <message>
        <source>Nothing new to read: indexing only checks for deleted files.</source>
        <translation>Không có gì mới cần đọc: lần lập chỉ mục này chỉ kiểm tra các tệp đã bị xóa.</translation>
    </message>
    <message>
        <source>The speed could not be measured; no time estimate is available.</source>
        <translation>Không đo được tốc độ nên chưa ước tính được thời gian.</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 đến %2</translation>
    </message>
    <message>
        <source>Estimated time: about %1. This is an estimate: %2 sample file(s) took %3 s (%4 s per file) on this computer. Scanned PDFs and large spreadsheets can take longer. You can cancel at any time; finished files stay searchable.</source>
        <translation>Thời gian ước tính: khoảng %1. Đây chỉ là ước tính: %2 tệp mẫu mất %3 giây (%4 giây mỗi tệp) trên máy này. PDF dạng ảnh quét và bảng tính lớn có thể mất lâu hơn. Bạn có thể hủy bất cứ lúc nào; các tệp đã xử lý xong vẫn tìm kiếm được.</translation>
    </message>
    <message>
        <source>The indexing speed could not be measured.</source>
        <translation>Không đo được tốc độ lập chỉ mục.</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Tóm tắt</translation>
    </message>
    <message>
        <source>Check what will be indexed, then start.</source>
        <translation>Kiểm tra những gì sẽ được lập chỉ mục, rồi bắt đầu.</translation>
    </message>
    <message>
        <source>File type</source>
        <translation>Loại tệp</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Số tệp</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Dung lượng</translation>
    </message>
    <message>
        <source>Start indexing</source>
        <translation>Bắt đầu lập chỉ mục</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>Enter a user name.</source>
        <translation>Hãy nhập tên đăng nhập.</translation>
    </message>
    <message>
        <source>Enter a password for the new user.</source>
        <translation>Hãy nhập mật khẩu cho người dùng mới.</translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>Mật khẩu phải có ít nhất %1 ký tự.</translation>
    </message>
    <message>
        <source>The two passwords differ. Type the same password twice.</source>
        <translation>Hai mật khẩu không khớp. Hãy nhập cùng một mật khẩu hai lần.</translation>
    </message>
    <message>
        <source>Edit user</source>
        <translation>Sửa người dùng</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>Thêm người dùng</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>Tên đăng nhập:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mật khẩu:</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>Nhập lại mật khẩu:</translation>
    </message>
    <message>
        <source>Access level:</source>
        <translation>Mức truy cập:</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Vai trò:</translation>
    </message>
    <message>
        <source>leave empty to keep the password</source>
        <translation>để trống nếu giữ mật khẩu cũ</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>The user could not be created.</source>
        <translation>Không tạo được người dùng.</translation>
    </message>
    <message>
        <source>The user could not be changed.</source>
        <translation>Không sửa được người dùng.</translation>
    </message>
    <message>
        <source>You cannot delete your own account while you are signed in.</source>
        <translation>Bạn không thể xóa tài khoản của chính mình khi đang đăng nhập.</translation>
    </message>
    <message>
        <source>The user could not be deleted.</source>
        <translation>Không xóa được người dùng.</translation>
    </message>
    <message>
        <source>Each user sees only documents at or below their access level. Administrators also import folders, manage the index and the users.</source>
        <translation>Mỗi người dùng chỉ xem được tài liệu có mức truy cập bằng hoặc thấp hơn mức của mình. Quản trị viên còn nhập thư mục, quản lý chỉ mục và người dùng.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Access level</source>
        <translation>Mức truy cập</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Ngày tạo</translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation>Thêm người dùng…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Sửa…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Delete user</source>
        <translation>Xóa người dùng</translation>
    </message>
    <message>
        <source>Delete the account %1? Their feedback stays.</source>
        <translation>Xóa tài khoản %1? Các phản hồi của người này vẫn được giữ lại.</translation>
    </message>
</context>
</TS>
